import { describe, expect, it } from "vitest";
import {
  buildCoverLetterPrompt,
  buildTailorPrompt,
  MAX_POSTING_PROMPT_TEXT,
  untrustedBlock,
} from "../../src/ai-providers/prompt";
import { renderDocument } from "../../src/documents/export";
import { jsonResumeToMarkdown } from "../../src/documents/json-resume-markdown";

/**
 * The review's reproductions of issue 21 (#2, #3, #4) at the sizes it measured (13 to 25 s each
 * before the fix): each must now finish well under a second, with the same answer as before.
 */
const timed = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const out = await work();
  return [out, performance.now() - started];
};

const jsonExport = async (content: string) => {
  const [out, ms] = await timed(() => renderDocument({ title: "CV", content }, "json"));
  return [JSON.parse(out.body as string), ms] as const;
};

describe("JSON Resume export of hostile text (#2)", () => {
  const N = 100_000;

  it("a long run of separators in a paragraph (tidy)", async () => {
    const line = `a${"-".repeat(N)}x`;
    const [doc, ms] = await jsonExport(`# Ann\n\n${line}`);
    expect(doc.basics).toEqual({ name: "Ann", summary: line });
    expect(ms).toBeLessThan(1000);
  });

  it("a contact line of dots between two @ (EMAIL)", async () => {
    const line = `a@${".".repeat(N)}@`;
    const [doc, ms] = await jsonExport(`# Ann\n\n${line}`);
    expect(doc.basics).toEqual({ name: "Ann", summary: line });
    expect(ms).toBeLessThan(1000);
  });

  it("a language made of opening brackets (nameAndQualifier)", async () => {
    const [doc, ms] = await jsonExport(`# Ann\n\n## Languages\n\n- ${"(".repeat(N)}`);
    expect(doc.languages).toEqual([{ language: "(".repeat(N) }]);
    expect(ms).toBeLessThan(1000);
  });
});

describe("prompt delimiting of a hostile posting (#3)", () => {
  it.each([
    ["tailor", buildTailorPrompt],
    ["cover letter", buildCoverLetterPrompt],
  ] as const)("%s: '<' and 100,000 spaces", async (_, build) => {
    const posting = `x<${" ".repeat(100_000)}x`;
    const [prompt, ms] = await timed(() => build({ posting, resume: "Ann" }));
    // The prompt takes the posting's first MAX_POSTING_PROMPT_TEXT characters.
    const sent = posting.slice(0, MAX_POSTING_PROMPT_TEXT);
    expect(prompt.user).toContain(`<job_posting>\n${sent}\n</job_posting>`);
    expect(ms).toBeLessThan(1000);
  });

  it("delimits 100,000 characters of '<' and spaces in one linear pass", async () => {
    const text = `x<${" ".repeat(100_000)}x`;
    const [block, ms] = await timed(() => untrustedBlock("job_posting", text));
    expect(block).toBe(`<job_posting>\n${text}\n</job_posting>`);
    expect(ms).toBeLessThan(1000);
  });
});

describe("JSON Resume import of a section of blank lines (#4)", () => {
  it("'a', 120,000 line breaks, 'a'", async () => {
    const content = `a${"\n".repeat(120_000)}a`;
    const [md, ms] = await timed(() =>
      jsonResumeToMarkdown({
        basics: { name: "Ann" },
        meta: { sections: [{ name: "Notes", content }] },
      }),
    );
    expect(md).toBe(`# Ann\n\n## Notes\n\n${content}`);
    expect(ms).toBeLessThan(1000);
  });

  it("line breaks before a list marker, a number or a rule are still escaped", () => {
    const content = "\n\n  - a\n\n  12) b\n\n ---";
    const md = jsonResumeToMarkdown({ meta: { sections: [{ name: "N", content }] } });
    expect(md).toBe("## N\n\n\n\n  \\- a\n\n  12\\) b\n\n \\---");
    // A rule's escape keeps the blank line after it (it used to eat one, joining two paragraphs).
    const rule = jsonResumeToMarkdown({
      meta: { sections: [{ name: "N", content: "---\n\nfoo" }] },
    });
    expect(rule).toBe("## N\n\n\\---\n\nfoo");
  });
});
