import { PDFDocument, type PDFFont, PDFHexString, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Block, ListItem, Run } from "./markdown";
import { charsetOf, type Line, type Piece, winAnsi, wrap } from "./pdf-text";
import { isSafeLink } from "./text";

// A4 with 1.8 cm margins; sizes in points.
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const BODY = 10.5;
const HEADING_SIZES = [20, 14, 12, 11] as const;
const LEADING = 1.3;
const INDENT = 14;
const BLACK = rgb(0.1, 0.1, 0.1);
const LINK = rgb(0.05, 0.3, 0.7);
const RULE = rgb(0.6, 0.6, 0.6);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  boldItalic: PDFFont;
  mono: PDFFont;
}

/** Where the next line goes: the page, the baseline, and the fonts' character sets. */
interface Cursor {
  readonly doc: PDFDocument;
  readonly fonts: Fonts;
  readonly charsets: Map<PDFFont, ReadonlySet<number>>;
  page: PDFPage;
  y: number;
}

/** A PDF of the parsed Markdown with the standard fonts (nothing to embed; runs on Workers). */
export async function renderPdf(
  blocks: readonly Block[],
  title: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const fonts: Fonts = {
    regular: doc.embedStandardFont(StandardFonts.Helvetica),
    bold: doc.embedStandardFont(StandardFonts.HelveticaBold),
    italic: doc.embedStandardFont(StandardFonts.HelveticaOblique),
    boldItalic: doc.embedStandardFont(StandardFonts.HelveticaBoldOblique),
    mono: doc.embedStandardFont(StandardFonts.Courier),
  };
  const helvetica = charsetOf(fonts.regular);
  const charsets = new Map<PDFFont, ReadonlySet<number>>(
    Object.values(fonts).map((f) => [f, f === fonts.mono ? charsetOf(f) : helvetica]),
  );
  doc.setTitle(winAnsi(title, helvetica));
  doc.setCreator("ResuMate");
  doc.setProducer("ResuMate");
  const at: Cursor = { doc, fonts, charsets, page: doc.addPage([PAGE.width, PAGE.height]), y: 0 };
  at.y = PAGE.height - PAGE.margin;
  for (const block of blocks) drawBlock(at, block, 0);
  // Uncompressed object tables: every reader, old ones too, finds the objects. pdf-lib writes
  // into a plain ArrayBuffer (its type says ArrayBufferLike).
  return (await doc.save({ useObjectStreams: false })) as Uint8Array<ArrayBuffer>;
}

function drawBlock(at: Cursor, block: Block, indent: number): void {
  switch (block.kind) {
    case "heading": {
      const size = HEADING_SIZES[Math.min(block.level, 4) - 1] ?? BODY;
      space(at, block.level === 1 ? 0 : size * 0.8);
      // Keep a heading with the line that follows it.
      ensure(at, size * LEADING + BODY * LEADING);
      text(at, block.runs, { size, bold: true }, indent);
      if (block.level === 2) rule(at, 1, 0.5);
      space(at, 3);
      return;
    }
    case "paragraph":
      text(at, block.runs, { size: BODY }, indent);
      space(at, BODY * 0.5);
      return;
    case "code":
      text(at, [{ text: block.text }], { size: 9.5, mono: true }, indent);
      space(at, BODY * 0.5);
      return;
    case "hr":
      space(at, 4);
      rule(at, 6, 0.75);
      return;
    case "list":
      for (const [i, item] of block.items.entries()) {
        drawItem(
          at,
          item,
          indent,
          block.ordered ? `${block.start + i}.` : indent > 0 ? "\u2013" : "\u2022",
        );
      }
      space(at, BODY * 0.3);
  }
}

/** A list item: the marker hangs left of the first line; nested blocks indent further. */
function drawItem(at: Cursor, item: ListItem, indent: number, marker: string): void {
  const x = indent + INDENT;
  ensure(at, BODY * LEADING);
  const markerY = at.y - BODY;
  at.page.drawText(marker, {
    x: PAGE.margin + indent + 2,
    y: markerY,
    size: BODY,
    font: at.fonts.regular,
    color: BLACK,
  });
  for (const block of item.blocks) {
    if (block.kind === "paragraph") text(at, block.runs, { size: BODY }, x);
    else drawBlock(at, block, x);
  }
  space(at, 1.5);
}

interface Style {
  readonly size: number;
  readonly bold?: boolean;
  readonly mono?: boolean;
}

/** Wraps and draws runs from the cursor down, breaking pages as lines need. */
function text(at: Cursor, runs: readonly Run[], style: Style, indent: number): void {
  const pieces = runs.flatMap((r) => toPieces(at, r, style));
  const lineHeight = style.size * LEADING;
  for (const line of wrap(pieces, PAGE.width - 2 * PAGE.margin - indent)) {
    ensure(at, lineHeight);
    drawLine(at, line, PAGE.margin + indent, at.y - style.size);
    at.y -= lineHeight;
  }
}

function toPieces(at: Cursor, run: Run, style: Style): Piece[] {
  const f = at.fonts;
  const bold = style.bold || run.bold;
  const font =
    style.mono || run.code
      ? f.mono
      : bold
        ? run.italic
          ? f.boldItalic
          : f.bold
        : run.italic
          ? f.italic
          : f.regular;
  const size = run.code && !style.mono ? style.size * 0.95 : style.size;
  const charset = at.charsets.get(font) ?? new Set<number>();
  // Line breaks (hard breaks, code lines) become their own pieces; the sanitizer drops controls.
  return run.text.split("\n").flatMap((part, i) => {
    const piece: Piece = { text: winAnsi(part, charset), font, size, href: run.href };
    return i === 0 ? [piece] : [{ text: "\n", font, size }, piece];
  });
}

function drawLine(at: Cursor, line: Line, x0: number, y: number): void {
  let x = x0;
  for (const p of line.pieces) {
    const width = p.font.widthOfTextAtSize(p.text, p.size);
    at.page.drawText(p.text, { x, y, size: p.size, font: p.font, color: p.href ? LINK : BLACK });
    if (p.href && isSafeLink(p.href)) link(at, p.href, [x, y - 2, x + width, y + p.size]);
    x += width;
  }
}

// A URI is an ASCII string; as hex, parentheses and backslashes in it need no escaping.
const asciiHex = (s: string) =>
  [...s.replace(/[^\x20-\x7e]/g, "")]
    .map((c) => c.charCodeAt(0).toString(16).padStart(2, "0"))
    .join("");

/** A clickable area over a link's text (a URI action; no JavaScript, no file links). */
function link(at: Cursor, href: string, rect: [number, number, number, number]): void {
  const annot = at.doc.context.obj({
    Type: "Annot",
    Subtype: "Link",
    Rect: rect,
    Border: [0, 0, 0],
    A: { Type: "Action", S: "URI", URI: PDFHexString.of(asciiHex(href)) },
  });
  at.page.node.addAnnot(at.doc.context.register(annot));
}

function rule(at: Cursor, gap: number, thickness: number): void {
  ensure(at, gap * 2);
  at.y -= gap;
  at.page.drawLine({
    start: { x: PAGE.margin, y: at.y },
    end: { x: PAGE.width - PAGE.margin, y: at.y },
    thickness,
    color: RULE,
  });
  at.y -= gap;
}

function space(at: Cursor, points: number): void {
  at.y -= points;
}

/** A new page when less than `height` is left above the bottom margin. */
function ensure(at: Cursor, height: number): void {
  if (at.y - height >= PAGE.margin) return;
  at.page = at.doc.addPage([PAGE.width, PAGE.height]);
  at.y = PAGE.height - PAGE.margin;
}
