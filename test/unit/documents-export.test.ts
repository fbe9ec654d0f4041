import { describe, expect, it } from "vitest";
import { contentDisposition, renderDocument, safeFilename } from "../../src/documents/export";

describe("renderDocument", () => {
  it("answers Markdown as stored", async () => {
    const content = "# Ann\n\n<b>raw</b> **x**\r\n";
    expect(await renderDocument({ title: "Ann's CV", content }, "md")).toEqual({
      body: content,
      contentType: "text/markdown; charset=utf-8",
      filename: "Ann-s-CV.md",
    });
  });
});

describe("file names", () => {
  it("keeps ASCII letters, digits, - and _, folds accents, caps the length, falls back", () => {
    expect(safeFilename("Jürgen Groß: Résumé (2026)", "pdf")).toBe("Jurgen-Gro-Resume-2026.pdf");
    expect(safeFilename("../../etc/passwd", "md")).toBe("etc-passwd.md");
    expect(safeFilename('a"b\\c\r\nd', "docx")).toBe("a-b-c-d.docx");
    expect(safeFilename("李雷的简历", "json")).toBe("resume.json");
    expect(safeFilename("   ", "md")).toBe("resume.md");
    expect(safeFilename("snake_case-ok", "md")).toBe("snake_case-ok.md");
    const long = safeFilename("x".repeat(300), "pdf");
    expect(long).toBe(`${"x".repeat(80)}.pdf`);
  });

  it("builds Content-Disposition with an ASCII name and the UTF-8 original", () => {
    expect(contentDisposition("Jurgen-CV.pdf", "Jürgen CV.pdf")).toBe(
      "attachment; filename=\"Jurgen-CV.pdf\"; filename*=UTF-8''J%C3%BCrgen%20CV.pdf",
    );
    expect(contentDisposition("resume.md")).toBe(
      "attachment; filename=\"resume.md\"; filename*=UTF-8''resume.md",
    );
    expect(contentDisposition('a"b.md', "it's (1)*.md")).toBe(
      "attachment; filename=\"a_b.md\"; filename*=UTF-8''it%27s%20%281%29%2A.md",
    );
  });
});
