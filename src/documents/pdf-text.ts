import type { PDFFont } from "pdf-lib";

/**
 * The standard fonts speak WinAnsi only, and pdf-lib throws on any other character. Common
 * typography outside it gets a close look-alike; anything else becomes "?" (never a throw).
 */
const LOOKALIKES: Record<string, string> = {
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2015": "\u2014",
  "\u2212": "-",
  "\u2032": "'",
  "\u2033": '"',
  "\u2039": "<",
  "\u203A": ">",
  "\u2192": "->",
  "\u2190": "<-",
  "\u2194": "<->",
  "\u21D2": "=>",
  "\u2264": "<=",
  "\u2265": ">=",
  "\u2260": "!=",
  "\u2248": "~",
  "\u00A0": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\u2009": " ",
  "\u202F": " ",
  "\t": " ",
  "\u2023": "\u2022",
  "\u25AA": "\u2022",
  "\u25CF": "\u2022",
  "\u25E6": "\u2022",
  "\u2043": "-",
  "\u2713": "v",
  "\u2714": "v",
  "\u2605": "*",
  "\u2606": "*",
  "\uFB01": "fi",
  "\uFB02": "fl",
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u0000-\u0008\u000A-\u001F\u007F]/g;

/** Turns any text into what `font` can encode. */
export function winAnsi(text: string, charset: ReadonlySet<number>): string {
  let out = "";
  for (const ch of text.normalize("NFC").replace(INVISIBLE, "")) {
    const cp = ch.codePointAt(0) ?? 63;
    if (charset.has(cp)) out += ch;
    else out += LOOKALIKES[ch] ?? (isCombining(cp) ? "" : "?");
  }
  return out;
}

// A combining mark left after NFC has no precomposed form: the base letter alone reads better.
const isCombining = (cp: number) => cp >= 0x300 && cp <= 0x36f;

/** A character set per font, built once per document (the four Helvetica faces share one). */
export const charsetOf = (font: PDFFont): ReadonlySet<number> => new Set(font.getCharacterSet());

/** One styled piece of a line. */
export interface Piece {
  readonly text: string;
  readonly font: PDFFont;
  readonly size: number;
  readonly href?: string;
}

/** A laid-out line: its pieces and their measured width. */
export interface Line {
  readonly pieces: Piece[];
  readonly width: number;
}

/**
 * Greedy word wrap of styled pieces into lines of at most `max` points. A word wider than a line
 * is cut between characters; spaces at the start of a wrapped line are dropped.
 */
export function wrap(pieces: readonly Piece[], max: number): Line[] {
  const lines: Line[] = [];
  let current: Piece[] = [];
  let width = 0;
  const flush = () => {
    lines.push({ pieces: current, width });
    current = [];
    width = 0;
  };
  for (const piece of pieces) {
    if (piece.text === "\n") {
      flush();
      continue;
    }
    for (const word of piece.text.split(/(\s+)/)) {
      if (word === "") continue;
      const space = /^\s+$/.test(word);
      if (space && current.length === 0) continue;
      const w = piece.font.widthOfTextAtSize(word, piece.size);
      if (width + w <= max || (space && current.length > 0)) {
        current.push({ ...piece, text: word });
        width += w;
        continue;
      }
      if (current.length > 0) flush();
      if (space) continue;
      for (const part of cut(word, piece, max)) {
        if (current.length > 0) flush();
        current.push({ ...piece, text: part.text });
        width = part.width;
      }
    }
  }
  if (current.length > 0 || lines.length === 0) flush();
  return lines.map((line) => merge(trimEnd(line)));
}

/** Adjacent pieces of one style become one (one text operator per style change, not per word). */
function merge(line: Line): Line {
  const pieces: Piece[] = [];
  for (const p of line.pieces) {
    const last = pieces[pieces.length - 1];
    if (last && last.font === p.font && last.size === p.size && last.href === p.href) {
      pieces[pieces.length - 1] = { ...last, text: last.text + p.text };
    } else pieces.push(p);
  }
  return { pieces, width: line.width };
}

/** A word wider than `max` cut into pieces that each fit (at least one character each). */
function cut(word: string, piece: Piece, max: number): Array<{ text: string; width: number }> {
  const parts: Array<{ text: string; width: number }> = [];
  let text = "";
  let width = 0;
  for (const ch of word) {
    const w = piece.font.widthOfTextAtSize(ch, piece.size);
    if (text !== "" && width + w > max) {
      parts.push({ text, width });
      text = "";
      width = 0;
    }
    text += ch;
    width += w;
  }
  if (text !== "") parts.push({ text, width });
  return parts;
}

/** Trailing spaces take no room at the end of a line. */
function trimEnd(line: Line): Line {
  const pieces = [...line.pieces];
  let width = line.width;
  while (pieces.length > 0) {
    const last = pieces[pieces.length - 1] as Piece;
    if (!/^\s+$/.test(last.text)) break;
    width -= last.font.widthOfTextAtSize(last.text, last.size);
    pieces.pop();
  }
  return { pieces, width };
}
