import { describe, expect, it } from "vitest";
import { renderDocument } from "../../src/documents/export";
import { docxText, twoPageResume, unzip } from "../helpers/documents";

const docx = async (content: string, title = "CV") => {
  const out = await renderDocument({ title, content }, "docx");
  expect(out.body).toBeInstanceOf(Uint8Array);
  const files = unzip(out.body as Uint8Array);
  return { out, files, xml: files.get("word/document.xml") ?? "" };
};

describe("DOCX export", () => {
  it("is a zip Word opens: content types, document, styles, numbering, with the text", async () => {
    const { out, files, xml } = await docx(twoPageResume(), "Alice Müller — Backend");
    expect(out.contentType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(out.filename).toBe("Alice-Muller-Backend.docx");
    for (const part of [
      "[Content_Types].xml",
      "_rels/.rels",
      "word/styles.xml",
      "word/numbering.xml",
    ]) {
      expect(files.has(part), part).toBe(true);
    }
    const text = docxText(xml);
    expect(text).toContain("Alice Müller");
    expect(text).toContain("Senior Backend Engineer — Acme Payments GmbH");
    expect(text).toContain(
      "Designed the double-entry ledger (PostgreSQL, event sourcing) handling",
    );
  });

  it("maps headings, bold, italic, inline code, lists, rules and external links", async () => {
    const { files, xml } = await docx(
      [
        "# Name",
        "## Section",
        "### Entry",
        "Some **bold** and *italic* and `code` [site](https://example.com/a?b=1&c=2).",
        "- one\n  - nested\n- two",
        "1. first\n2. second",
        "---",
      ].join("\n\n"),
    );
    for (const h of ["Heading1", "Heading2", "Heading3"])
      expect(xml).toContain(`<w:pStyle w:val="${h}"/>`);
    expect(xml).toMatch(
      /<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">bold<\/w:t>/,
    );
    expect(xml).toMatch(/<w:i\/><w:iCs\/><\/w:rPr><w:t xml:space="preserve">italic</);
    expect(xml).toMatch(
      /<w:rFonts [^>]*w:ascii="Courier New"[^>]*\/>.*?<w:t xml:space="preserve">code</,
    );
    // Two bullet levels, and the numbered list on its own numbering.
    expect(xml.match(/<w:ilvl w:val="1"\/>/g)?.length).toBe(1);
    expect(xml.match(/<w:numPr>/g)?.length).toBe(5);
    expect(xml).toContain("<w:pBdr><w:bottom");
    const link = /<w:hyperlink w:history="1" r:id="([^"]+)">/.exec(xml);
    expect(link).not.toBeNull();
    const rels = files.get("word/_rels/document.xml.rels") ?? "";
    expect(rels).toContain(
      `Id="${link?.[1]}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/a?b=1&amp;c=2" TargetMode="External"`,
    );
    expect(docxText(xml)).toBe(
      "Name\nSection\nEntry\nSome bold and italic and code site.\none\nnested\ntwo\nfirst\nsecond",
    );
  });

  it("links only to http(s) and mailto, as the PDF and the page do (no ms-msdt:, smb:, relative)", async () => {
    const { files, xml } = await docx(
      "[a](ms-msdt:/id%20PCWDiagnostic) [b](smb://evil/share) [c](/api/resumes/) [d](mailto:a@b.co)",
    );
    const rels = files.get("word/_rels/document.xml.rels") ?? "";
    const targets = [...rels.matchAll(/Target="([^"]+)" TargetMode="External"/g)].map((m) => m[1]);
    expect({ targets, text: docxText(xml) }).toEqual({
      targets: ["mailto:a@b.co"],
      text: "a b c d",
    });
  });

  it("keeps markup as text, escaped, and drops characters XML cannot hold", async () => {
    const { xml } = await docx('# <script>alert("x")</script> & co\n\nA\u0001B\uFFFE \u{1F600} ok');
    expect(xml).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("AB \u{1F600} ok");
    expect(xml.includes("\u0001") || xml.includes("\uFFFE")).toBe(false);
  });

  it("renders empty content as a valid empty document, and very long words whole", async () => {
    const empty = await docx("");
    expect(empty.xml).toContain("<w:body><w:p/>");
    const word = "x".repeat(5000);
    const long = await docx(`# T\n\n${word}`);
    expect(docxText(long.xml)).toBe(`T\n${word}`);
  });
});
