import { PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderDocument } from "../../src/documents/export";
import { pdfText, twoPageResume } from "../helpers/documents";

const pdf = async (content: string, title = "CV") => {
  const out = await renderDocument({ title, content }, "pdf");
  expect(out.body).toBeInstanceOf(Uint8Array);
  const bytes = out.body as Uint8Array;
  return { out, bytes, doc: await PDFDocument.load(bytes), lines: pdfText(bytes) };
};

// The text width of a page (A4 less its margins).
const WIDTH = 595.28 - 2 * 50;

describe("PDF export", () => {
  it("writes the 2-page resume as extractable text on two A4 pages", async () => {
    const { out, bytes, doc, lines } = await pdf(twoPageResume(), "Alice Müller");
    expect(out.contentType).toBe("application/pdf");
    expect(out.filename).toBe("Alice-Muller.pdf");
    expect(Buffer.from(bytes.subarray(0, 8)).toString("latin1")).toBe("%PDF-1.7");
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getTitle()).toBe("Alice Müller");
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    expect(lines.slice(0, 3)).toEqual([
      "Alice Müller",
      "Senior Backend Engineer",
      "alice@example.com | +49 30 1234 5678 | ",
    ]);
    expect(lines).toContain("Senior Backend Engineer — Acme Payments GmbH");
    expect(lines).toContain("Jan 2021 – Present · Berlin");
    expect(lines.filter((l) => l === "\u2022").length).toBeGreaterThan(15);
    expect(lines).toContain("\u2013"); // the nested bullets' marker
  });

  it("uses the standard Helvetica faces and links the link text", async () => {
    const { bytes, doc } = await pdf(
      "**b** *i* ***bi*** `c` [x](https://example.com/(a)) [m](mailto:a@b.co) [j](javascript:alert(1))",
    );
    const raw = Buffer.from(bytes).toString("latin1");
    for (const face of [
      "Helvetica",
      "Helvetica-Bold",
      "Helvetica-Oblique",
      "Helvetica-BoldOblique",
      "Courier",
    ]) {
      expect(raw).toContain(`/BaseFont /${face}\n`);
    }
    const annots = doc.getPage(0).node.Annots();
    const uris = (annots?.asArray() ?? []).map((ref) => {
      const annot = doc.context.lookup(ref) as unknown as { get(n: PDFName): unknown };
      const action = doc.context.lookup(annot.get(PDFName.of("A")) as never) as unknown as {
        get(n: PDFName): { decodeText(): string };
      };
      return action.get(PDFName.of("URI")).decodeText();
    });
    expect(uris).toEqual(["https://example.com/(a)", "mailto:a@b.co"]);
  });

  it("wraps long paragraphs within the margins and cuts words wider than a line", async () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const long = "W".repeat(400);
    const { lines, doc } = await pdf(`${words}\n\n${long}`);
    expect(lines.length).toBeGreaterThan(10);
    const { StandardFonts } = await import("pdf-lib");
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    for (const line of lines)
      expect(font.widthOfTextAtSize(line, 10.5)).toBeLessThanOrEqual(WIDTH + 0.01);
    expect(lines.join(" ").replace(/ (?=word)/g, " ")).toContain("word0 word1 word2");
    expect(lines.filter((l) => /^W+$/.test(l)).join("")).toBe(long);
    expect(doc.getPageCount()).toBe(1);
  });

  it("breaks pages: 5 pages of text are 5 pages, every line kept", async () => {
    const paragraphs = Array.from({ length: 175 }, (_, i) => `Line ${i} of the long resume.`);
    const { doc, lines } = await pdf(paragraphs.join("\n\n"));
    expect(doc.getPageCount()).toBe(5);
    expect(lines).toEqual(paragraphs);
  });

  it("never throws on text outside WinAnsi: look-alikes for typography, '?' for the rest", async () => {
    const { lines } = await pdf(
      "# Иван Петров 李雷\n\n“Smart” ‘quotes’ – — … • € é ü ß\n\nx → y ≥ 1 ✓ \u{1F600} e\u0301 zero\u200Bwidth",
    );
    expect(lines).toEqual([
      "???? ?????? ??",
      "“Smart” ‘quotes’ – — … • € é ü ß",
      "x -> y >= 1 v ? é zerowidth",
    ]);
  });

  it("writes an empty content as one blank page", async () => {
    const { doc, lines } = await pdf("");
    expect(doc.getPageCount()).toBe(1);
    expect(lines).toEqual([]);
  });
});
