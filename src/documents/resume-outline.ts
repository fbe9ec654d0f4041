import { type Block, plainText, type Run } from "./markdown";

/** One entry of a section: an H3 (or a bold line, or a bullet) with the lines and bullets under it. */
export interface Entry {
  readonly heading: readonly Run[];
  readonly lines: string[];
  readonly bullets: string[];
}

/** An H2 section: its lines before any entry, and its entries. */
export interface Section {
  readonly name: string;
  readonly lines: string[];
  readonly entries: Entry[];
}

/** The resume's outline: the H1, the paragraphs between it and the first section, the sections. */
export interface Outline {
  name?: string;
  readonly preamble: Array<readonly Run[]>;
  readonly sections: Section[];
}

/**
 * Groups the blocks by heading: the first H1 is the name, any later H1 or H2 opens a section, an
 * H3 or deeper opens an entry. A bullet outside an entry is an entry of its own (its nested
 * bullets are its bullets), as is a paragraph wholly in bold ("**Acme** — Engineer").
 */
export function outline(blocks: readonly Block[]): Outline {
  const out: Outline = { preamble: [], sections: [] };
  let section: Section | undefined;
  let entry: Entry | undefined;
  for (const block of blocks) {
    if (
      block.kind === "heading" &&
      block.level <= 2 &&
      (block.level === 2 || out.name !== undefined || section)
    ) {
      section = { name: plainText(block.runs).trim(), lines: [], entries: [] };
      out.sections.push(section);
      entry = undefined;
    } else if (block.kind === "heading" && block.level === 1) {
      out.name = plainText(block.runs).trim();
    } else if (!section) {
      if (block.kind === "paragraph") out.preamble.push(block.runs);
    } else if (block.kind === "heading" || (block.kind === "paragraph" && allBold(block.runs))) {
      entry = { heading: block.runs, lines: [], bullets: [] };
      section.entries.push(entry);
    } else if (block.kind === "list") {
      if (entry) entry.bullets.push(...bulletTexts(block));
      else section.entries.push(...bulletEntries(block));
    } else {
      (entry ? entry.lines : section.lines).push(...blockLines(block));
    }
  }
  return out;
}

const allBold = (runs: readonly Run[]) =>
  runs.length > 0 &&
  runs[0]?.bold === true &&
  runs.filter((r) => !r.bold).every((r) => r.text.trim().length < 60);

function blockLines(block: Block): string[] {
  if (block.kind === "paragraph") return [plainText(block.runs).trim()].filter(Boolean);
  if (block.kind === "code") return block.text.split("\n").filter((l) => l.trim());
  if (block.kind === "list") return bulletTexts(block).map((t) => `- ${t}`);
  if (block.kind === "heading") return [plainText(block.runs).trim()];
  return [];
}

/** Every item of a list, nested ones included, as one line of text each. */
export function bulletTexts(block: Block): string[] {
  if (block.kind !== "list") return [];
  return block.items.flatMap((item) =>
    item.blocks.flatMap((b) => (b.kind === "list" ? bulletTexts(b) : blockLines(b))),
  );
}

function bulletEntries(block: Block): Entry[] {
  if (block.kind !== "list") return [];
  return block.items.map((item) => {
    const [first, ...rest] = item.blocks;
    const heading = first?.kind === "paragraph" ? first.runs : [];
    const others = first?.kind === "paragraph" ? rest : item.blocks;
    return {
      heading,
      lines: [],
      bullets: others.flatMap((b) => (b.kind === "list" ? bulletTexts(b) : blockLines(b))),
    };
  });
}

/** The first link of a heading (a project's or a certificate's page). */
export const firstHref = (runs: readonly Run[]) =>
  runs.find((r) => r.href && /^https?:/i.test(r.href))?.href;
