import type { ExportFormat, RenderedDocument, SourceDocument } from "./formats";
import type { SharedPageInput } from "./html-page";
import type { JsonResume } from "./json-resume-types";

/**
 * The rendering and parsing of user documents, as jobs that may run elsewhere: every field is
 * plain data (structured-cloneable), so the Node entry can hand a job to a worker thread.
 */
export type DocumentJob =
  /** A stored document as a file (`export.ts`). */
  | { kind: "file"; doc: SourceDocument; format: ExportFormat; fallbackName?: string }
  /** The share page's HTML (`render-html.ts`). */
  | { kind: "page"; page: SharedPageInput }
  /** A JSON Resume document (its `importedPart`) as a Markdown resume and its title. */
  | { kind: "import"; doc: JsonResume };

export interface DocumentResults {
  file: RenderedDocument;
  page: string;
  import: SourceDocument;
}
export type DocumentResult<J extends DocumentJob> = DocumentResults[J["kind"]];

/**
 * Where document jobs run, chosen by the entry: on Node a pool of worker threads with a time
 * budget per job and a bounded queue (a long render never blocks the event loop; past the
 * budget or the queue the job fails with a 503 `ApiError`); on Workers and in app tests, in
 * process (`inlineDocumentWork`, inline.ts), where the platform's own CPU limit bounds a request.
 * Callers cap the input (limits.ts) before they ask.
 */
export interface DocumentWork {
  run<J extends DocumentJob>(job: J): Promise<DocumentResult<J>>;
}
