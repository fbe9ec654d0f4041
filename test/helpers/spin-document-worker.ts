import type { DocumentJob } from "../../src/documents/work";

/**
 * A stand-in for src/documents/jobs.ts on the pool's threads (test/integration/document-pool):
 * a page titled "spin" keeps its thread busy forever, as a runaway regular expression would (it
 * never yields, so only stopping the thread ends it); "hog" allocates until its thread's heap bound
 * stops it; anything else answers its kind at once.
 */
export function runDocumentJob(job: DocumentJob): string {
  if (job.kind === "page" && job.page.title === "spin") {
    for (;;) {
      // busy: no await, no timer can interrupt this
    }
  }
  if (job.kind === "page" && job.page.title === "hog") {
    const kept: string[][] = [];
    for (;;) kept.push(Array.from({ length: 1e5 }, (_, i) => `${i}-${kept.length}`));
  }
  return `done ${job.kind}`;
}
