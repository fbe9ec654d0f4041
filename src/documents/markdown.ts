import MarkdownIt from "markdown-it";

/** A run of text with one set of marks; `href` makes it (part of) a link. */
export interface Run {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly code?: boolean;
  readonly href?: string;
  /** A line break inside the paragraph (the text is "\n"). */
  readonly br?: boolean;
}

export interface ListItem {
  readonly blocks: readonly Block[];
}

/** The few block kinds a resume uses; tables become one paragraph per row, quotes their content. */
export type Block =
  | { readonly kind: "heading"; readonly level: number; readonly runs: readonly Run[] }
  | { readonly kind: "paragraph"; readonly runs: readonly Run[] }
  | {
      readonly kind: "list";
      readonly ordered: boolean;
      readonly start: number;
      readonly items: readonly ListItem[];
    }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "hr" };

// Raw HTML is text (a resume is the user's text, never markup to run); links only with safe schemes.
const md = new MarkdownIt({ html: false, linkify: false });
type Token = ReturnType<typeof md.parse>[number];

/** Parses Markdown once into blocks of marked runs, which every renderer walks. */
export function parseMarkdown(source: string): Block[] {
  const tokens = md.parse(source, {});
  return readBlocks(tokens, { i: 0 }, null);
}

interface Cursor {
  i: number;
}

/** Reads blocks until the token that closes `until` (or the end). */
function readBlocks(tokens: readonly Token[], at: Cursor, until: string | null): Block[] {
  const out: Block[] = [];
  while (at.i < tokens.length) {
    const t = tokens[at.i] as Token;
    if (until && t.type === until) {
      at.i++;
      return out;
    }
    at.i++;
    const block = readBlock(tokens, at, t);
    if (block) out.push(block);
  }
  return out;
}

function readBlock(tokens: readonly Token[], at: Cursor, t: Token): Block | null {
  switch (t.type) {
    case "heading_open":
      return { kind: "heading", level: Number(t.tag.slice(1)), runs: inlineAfter(tokens, at) };
    case "paragraph_open":
      return { kind: "paragraph", runs: inlineAfter(tokens, at) };
    case "bullet_list_open":
    case "ordered_list_open": {
      const ordered = t.type === "ordered_list_open";
      const start = Number(t.attrGet("start") ?? 1) || 1;
      return {
        kind: "list",
        ordered,
        start,
        items: readItems(tokens, at, t.type.replace("_open", "_close")),
      };
    }
    case "fence":
    case "code_block":
      return { kind: "code", text: t.content.replace(/\n$/, "") };
    case "hr":
      return { kind: "hr" };
    case "tr_open":
      return { kind: "paragraph", runs: readRow(tokens, at) };
    default:
      // Container and closing tokens (blockquote, table, thead...): their content is read in place.
      return null;
  }
}

function readItems(tokens: readonly Token[], at: Cursor, close: string): ListItem[] {
  const items: ListItem[] = [];
  while (at.i < tokens.length) {
    const t = tokens[at.i] as Token;
    at.i++;
    if (t.type === close) break;
    if (t.type === "list_item_open")
      items.push({ blocks: readBlocks(tokens, at, "list_item_close") });
  }
  return items;
}

/** The runs of the `inline` token after an opening one; the closing token is skipped. */
function inlineAfter(tokens: readonly Token[], at: Cursor): Run[] {
  const inline = tokens[at.i];
  at.i += 2;
  return inline?.type === "inline" ? readRuns(inline.children ?? []) : [];
}

/** A table row as one paragraph: its cells joined by " | ". */
function readRow(tokens: readonly Token[], at: Cursor): Run[] {
  const runs: Run[] = [];
  while (at.i < tokens.length) {
    const t = tokens[at.i] as Token;
    at.i++;
    if (t.type === "tr_close") break;
    if (t.type !== "inline") continue;
    if (runs.length > 0) runs.push({ text: " | " });
    runs.push(...readRuns(t.children ?? []));
  }
  return runs;
}

function readRuns(children: readonly Token[]): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let italic = 0;
  let href: string | undefined;
  const push = (text: string, extra: Partial<Run> = {}) => {
    if (text === "") return;
    runs.push({ text, ...marks(bold, italic, href), ...extra });
  };
  for (const t of children) {
    switch (t.type) {
      case "text":
        push(t.content);
        break;
      case "code_inline":
        push(t.content, { code: true });
        break;
      case "softbreak":
        push(" ");
        break;
      case "hardbreak":
        push("\n", { br: true });
        break;
      case "strong_open":
        bold++;
        break;
      case "strong_close":
        bold--;
        break;
      case "em_open":
        italic++;
        break;
      case "em_close":
        italic--;
        break;
      case "link_open":
        href = String(t.attrGet("href") ?? "") || undefined;
        break;
      case "link_close":
        href = undefined;
        break;
      case "image":
        push(t.content);
        break;
      default:
        if (t.content) push(t.content);
    }
  }
  return mergeRuns(runs);
}

function marks(bold: number, italic: number, href: string | undefined): Partial<Run> {
  const m: { bold?: boolean; italic?: boolean; href?: string } = {};
  if (bold > 0) m.bold = true;
  if (italic > 0) m.italic = true;
  if (href) m.href = href;
  return m;
}

/** Adjacent runs with the same marks become one (fewer XML runs and PDF text operators). */
function mergeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && !last.br && !r.br && sameMarks(last, r))
      out[out.length - 1] = { ...last, text: last.text + r.text };
    else out.push(r);
  }
  return out;
}

const sameMarks = (a: Run, b: Run) =>
  !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.code === !!b.code && a.href === b.href;

/** The plain text of runs (line breaks as "\n"). */
export const plainText = (runs: readonly Run[]) => runs.map((r) => r.text).join("");
