import type { DocumentWork } from "./work";

type Jobs = typeof import("./jobs");
let jobs: Promise<Jobs> | undefined;

/**
 * The jobs in this thread. The renderers (docx, pdf-lib, markdown-it: 1.5 MB of modules) load
 * with the first job, not with the app: they doubled its import time (BENCHMARKS.md #23). The
 * module's promise is kept: an `import()` per call cost 1.6 ms under tsx's loader (#25).
 */
export const inlineDocumentWork: DocumentWork = {
  async run(job) {
    jobs ??= import("./jobs");
    return (await jobs).runDocumentJob(job);
  },
};
