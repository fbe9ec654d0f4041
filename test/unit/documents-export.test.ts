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

  it("names a file by its fallback when the title has no ASCII letters", async () => {
    const doc = { title: "求职信", content: "Dear team," };
    expect((await renderDocument(doc, "md")).filename).toBe("resume.md");
    const letter = await renderDocument(doc, "md", { fallbackName: "cover-letter" });
    expect(letter.filename).toBe("cover-letter.md");
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

  it("drops bidi controls, noncharacters and other invisible format characters from the title", () => {
    // "Ann<RLO>fdp.exe" shows as "Annexe.pdf" in a file manager that honours the override.
    const title =
      "Ann\u202Efdp.exe\uFFFE \u2066x\u2069\u200B\u200F\u061C\uFDD0\u{1FFFF}\u2028y\u00AD";
    expect(contentDisposition("resume.pdf", title)).toBe(
      "attachment; filename=\"resume.pdf\"; filename*=UTF-8''Annfdp.exe%20x%20y.pdf",
    );
    expect(contentDisposition("resume.pdf", "\u202E\u202D\uFEFF")).toBe(
      "attachment; filename=\"resume.pdf\"; filename*=UTF-8''resume.pdf",
    );
  });

  it("builds Content-Disposition with the ASCII name and the title in UTF-8", () => {
    expect(contentDisposition("Jurgen-CV.pdf", "Jürgen CV")).toBe(
      "attachment; filename=\"Jurgen-CV.pdf\"; filename*=UTF-8''J%C3%BCrgen%20CV.pdf",
    );
    expect(contentDisposition("resume.md")).toBe(
      "attachment; filename=\"resume.md\"; filename*=UTF-8''resume.md",
    );
    expect(contentDisposition("resume.docx", "李雷的简历")).toBe(
      "attachment; filename=\"resume.docx\"; filename*=UTF-8''%E6%9D%8E%E9%9B%B7%E7%9A%84%E7%AE%80%E5%8E%86.docx",
    );
    // Path separators, quotes and controls never reach a file name; a lone surrogate cannot throw.
    expect(contentDisposition('a"b.md', 'it\'s ../(1)*\r\n"x" \uD800')).toBe(
      "attachment; filename=\"a_b.md\"; filename*=UTF-8''it%27s%20..-%281%29-x-%20%EF%BF%BD.md",
    );
  });
});
