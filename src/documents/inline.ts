import type { DocumentWork } from "./work";

/**
 * The jobs in this thread. The renderers (docx, pdf-lib, markdown-it: 1.5 MB of modules) load
 * with the first job, not with the app: they doubled its import time (BENCHMARKS.md #23).
 */
export const inlineDocumentWork: DocumentWork = {
  async run(job) {
    const { runDocumentJob } = await import("./jobs");
    return runDocumentJob(job);
  },
};
