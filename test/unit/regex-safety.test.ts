import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintRegExp, lintRegexSource, lintRegexTree } from "../../scripts/regex-safety";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("the regex check of npm run lint", () => {
  it("flags super-linear patterns in TypeScript, at their source line", () => {
    const source = [
      "type Check = (s: string) => boolean;",
      "export const nested: Check = (s: string) => /^(a+)+$/.test(s);",
      "",
      "export const email = (s: string): boolean =>",
      "  /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(s);",
      "export const trim = (s: string) => s.replace(/\\/+$/, '');",
    ].join("\n");
    const found = lintRegexSource(source, "src/bad.ts");
    expect(found.map((f) => [f.line, f.rule])).toEqual([
      [2, "regexp/no-super-linear-backtracking"],
      [5, "regexp/no-super-linear-backtracking"],
      [6, "regexp/no-super-linear-move"],
    ]);
    expect(found[0]).toMatchObject({
      file: "src/bad.ts",
      text: "export const nested: Check = (s: string) => /^(a+)+$/.test(s);",
      message: expect.stringContaining("exponential backtracking"),
    });
  });

  it("refuses a pattern built at run time, which the analyser cannot see", () => {
    const source = [
      'const NAMES = "resume|job_posting";',
      `export const fixed = new RegExp(\`<(?:\${NAMES})>\`, 'g');`,
      "export const built = (names: string[]) => new RegExp(names.join('|'));",
      "export const called = (x: string) => RegExp(x);",
    ].join("\n");
    const found = lintRegexSource(source, "src/dynamic.ts");
    expect(found.map((f) => [f.line, f.rule])).toEqual([
      [3, "resumate/static-regexp"],
      [4, "resumate/static-regexp"],
    ]);
  });

  it("sees through constants to the pattern they build", () => {
    const source = `const A = "(a+)";\nexport const re = new RegExp(\`^\${A}+$\`);`;
    expect(lintRegexSource(source, "src/x.ts").map((f) => f.rule)).toEqual([
      "regexp/no-super-linear-backtracking",
    ]);
  });

  it("checks a RegExp object the same way", () => {
    // scslre misses an ambiguous alternation; no-dupe-disjunctions catches it.
    expect(lintRegExp(/^(a|a)*$/).map((f) => f.rule)).toEqual(["regexp/no-dupe-disjunctions"]);
    expect(lintRegExp(/^(\w+\s?)*$/).map((f) => f.rule)).toContain(
      "regexp/no-super-linear-backtracking",
    );
    expect(lintRegExp(/^[a-z]+$/)).toEqual([]);
  });

  it("finds nothing in src/", () => {
    expect(lintRegexTree(join(root, "src"), root)).toEqual([]);
  });
});
