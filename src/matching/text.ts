import { stem } from "./stem";
import { STOP_WORDS } from "./stopwords";

/** What a word is, whatever its case: its stem, and whether it is a stop word or a keyword. */
interface WordInfo {
  readonly stem: string;
  readonly stop: boolean;
  /** Worth a keyword on its own: not a stop word, not a number, at least two characters. */
  readonly keyword: boolean;
}

/** One word of a text: as written, lower case, stemmed; `gap` when punctuation precedes it. */
export interface Token extends WordInfo {
  readonly raw: string;
  readonly lower: string;
  readonly gap: boolean;
}

/**
 * A word: letters and digits, joined by "&" ("R&D", "P&L"), ending in "++", "+" or "#" ("C++",
 * "C#", "5+"); a leading dot after a space is kept (".NET"). Other punctuation separates words,
 * so "Node.js" is "node js" and "CI/CD" is "ci cd" in every text alike.
 */
const WORD =
  /(?<![\p{L}\p{N}])\.(?=\p{L})[\p{L}\p{N}]+|[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*(?:\+\+|[+#])?/gu;
/** Whether anything but spaces, a hyphen or an apostrophe stands between two words. */
function punctuated(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // space, tab, "-", "'", "’", no-break space
    if (c !== 32 && c !== 9 && c !== 45 && c !== 39 && c !== 0x2019 && c !== 0xa0) return true;
  }
  return false;
}

/** Words of one call, shared by the posting and the resume (a per-call cache, never global). */
export type StemCache = Map<string, WordInfo>;

const LETTER = /\p{L}/u;

function infoOf(lower: string, cache: StemCache): WordInfo {
  let info = cache.get(lower);
  if (info === undefined) {
    const stop = STOP_WORDS.has(lower);
    info = { stem: stem(lower), stop, keyword: !stop && lower.length >= 2 && LETTER.test(lower) };
    cache.set(lower, info);
  }
  return info;
}

/** Accents dropped ("résumé" is "resume"); the case is kept for the few case-sensitive skills. */
export const foldAccents = (text: string): string =>
  /[^ -~\s]/.test(text) ? text.normalize("NFKD").replace(/\p{M}+/gu, "") : text;

export function tokenize(text: string, cache: StemCache): Token[] {
  const out: Token[] = [];
  let end = 0;
  const folded = foldAccents(text);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
    const raw = m[0];
    const start = m.index;
    const lower = raw.toLowerCase();
    const gap = out.length > 0 && punctuated(folded, end, start);
    const { stem, stop, keyword } = infoOf(lower, cache);
    out.push({ raw, lower, stem, stop, keyword, gap });
    end = start + raw.length;
  }
  return out;
}
