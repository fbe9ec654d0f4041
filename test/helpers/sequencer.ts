import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Vitest's own order (by group, then the longest file of the last run first, or the largest
 * file when there is no last run), with the e2e-api project's files spread evenly among the main
 * project's. They run beside main's files but take turns on their one server
 * (test/e2e/api/turns.ts): queued side by side, one worker would wait for the other.
 */
export class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const turns = sorted.filter((spec) => spec.project.name === "e2e-api");
    const main = sorted.filter((spec) => spec.project.name === "main");
    if (turns.length === 0 || main.length === 0) return sorted;
    const rest = sorted.filter((spec) => !turns.includes(spec) && !main.includes(spec));
    const gap = Math.max(1, Math.floor(main.length / (turns.length + 1)));
    const spread: TestSpecification[] = [];
    main.forEach((spec, i) => {
      spread.push(spec);
      const next = (i + 1) % gap === 0 ? turns.shift() : undefined;
      if (next) spread.push(next);
    });
    return [...spread, ...turns, ...rest];
  }
}
