import { renderDocument } from "./export";
import { jsonResumeTitle, jsonResumeToMarkdown } from "./json-resume-markdown";
import { sharedResumePage } from "./render-html";
import type { DocumentJob, DocumentResult, DocumentResults } from "./work";

/** Runs one document job: what a worker thread does, or the app itself where there is none. */
export async function runDocumentJob<J extends DocumentJob>(job: J): Promise<DocumentResult<J>> {
  // The switch narrows `job` but not the result type TypeScript infers for J; each branch
  // answers its own kind's result, so the cast only restates that.
  return (await dispatch(job)) as DocumentResult<J>;
}

async function dispatch(job: DocumentJob): Promise<DocumentResults[DocumentJob["kind"]]> {
  switch (job.kind) {
    case "file":
      return renderDocument(job.doc, job.format, { fallbackName: job.fallbackName });
    case "page":
      return sharedResumePage(job.page);
    case "import":
      return { title: jsonResumeTitle(job.doc), content: jsonResumeToMarkdown(job.doc) };
  }
}
