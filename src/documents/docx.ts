import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";
import type { Block, ListItem, Run } from "./markdown";
import { isSafeLink, xmlSafe } from "./text";

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
const BULLETS = ["\u2022", "\u25E6", "\u25AA"];
const MAX_LEVEL = 8;

/** One numbering definition per list kind; each ordered list is its own instance (restarts at 1). */
const numbering = {
  config: [
    {
      reference: "bullets",
      levels: levels((i) => ({ format: LevelFormat.BULLET, text: BULLETS[i % 3] ?? "-" })),
    },
    {
      reference: "numbers",
      levels: levels((i) => ({ format: LevelFormat.DECIMAL, text: `%${i + 1}.` })),
    },
  ],
};

function levels(
  kind: (i: number) => { format: (typeof LevelFormat)[keyof typeof LevelFormat]; text: string },
) {
  return Array.from({ length: MAX_LEVEL + 1 }, (_, i) => ({
    level: i,
    ...kind(i),
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 360 * (i + 1), hanging: 260 } } },
  }));
}

interface ListContext {
  readonly reference: "bullets" | "numbers";
  readonly level: number;
  readonly instance: number;
}

/** A Word document (Office Open XML) of the parsed Markdown. */
export async function renderDocx(
  blocks: readonly Block[],
  title: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const state = { instances: 0 };
  const children = blocks.flatMap((b) => paragraphs(b, null, state));
  const doc = new Document({
    title: xmlSafe(title),
    creator: "ResuMate",
    numbering,
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    sections: [{ children: children.length > 0 ? children : [new Paragraph({})] }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

function paragraphs(
  block: Block,
  list: ListContext | null,
  state: { instances: number },
): Paragraph[] {
  const numbered = list
    ? { reference: list.reference, level: list.level, instance: list.instance }
    : undefined;
  switch (block.kind) {
    case "heading":
      return [
        new Paragraph({
          heading: HEADINGS[Math.min(block.level, 3) - 1],
          children: runs(block.runs),
        }),
      ];
    case "paragraph":
      return [new Paragraph({ children: runs(block.runs), numbering: numbered })];
    case "code":
      return block.text.split("\n").map((line) => new Paragraph({ children: [code(line)] }));
    case "hr":
      return [
        new Paragraph({
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "999999", space: 1 } },
        }),
      ];
    case "list": {
      const reference = block.ordered ? "numbers" : "bullets";
      const level = list ? Math.min(list.level + 1, MAX_LEVEL) : 0;
      const ctx = { reference, level, instance: block.ordered ? ++state.instances : 0 } as const;
      return block.items.flatMap((item) => itemParagraphs(item, ctx, state));
    }
  }
}

/** A list item: its first paragraph carries the bullet, the rest (and nested lists) follow. */
function itemParagraphs(
  item: ListItem,
  ctx: ListContext,
  state: { instances: number },
): Paragraph[] {
  const [first, ...rest] = item.blocks;
  const head = first?.kind === "paragraph" ? paragraphs(first, ctx, state) : [];
  const tail = first?.kind === "paragraph" ? rest : item.blocks;
  const indent = { left: 360 * (ctx.level + 1) };
  const body = tail.flatMap((b) =>
    b.kind === "paragraph"
      ? [new Paragraph({ children: runs(b.runs), indent })]
      : paragraphs(b, ctx, state),
  );
  if (head.length === 0) head.push(new Paragraph({ numbering: ctx, children: [] }));
  return [...head, ...body];
}

function runs(list: readonly Run[]): ParagraphChild[] {
  return list.map((r): ParagraphChild => {
    if (r.br) return new TextRun({ break: 1 });
    const text = xmlSafe(r.text);
    if (r.code) return code(text);
    // Any other scheme (ms-msdt:, smb:, a relative path) stays plain text, not a live link.
    const href = r.href && isSafeLink(r.href) ? xmlSafe(r.href) : undefined;
    const run = new TextRun({
      text,
      bold: r.bold,
      italics: r.italic,
      style: href ? "Hyperlink" : undefined,
    });
    return href ? new ExternalHyperlink({ link: href, children: [run] }) : run;
  });
}

const code = (text: string) => new TextRun({ text: xmlSafe(text), font: "Courier New", size: 20 });
