/**
 * The one cap on what a renderer or parser of user documents is given (issue 21): every export
 * (md, json, docx, pdf), the share page's HTML and a JSON Resume import, checked before the work
 * starts. About 15 pages of resume. Resume content itself has no maximum (as Django's TextField),
 * so a longer document is stored and read back, but never rendered: 1 MB of hostile Markdown cost
 * 1.75 s of CPU per anonymous view of the share page, and 6-20 s as DOCX or PDF.
 */
export const RENDER_MAX_CHARS = 50_000;

/**
 * Whether `text` has more than `max` characters, counted as PostgreSQL counts them (code points:
 * an emoji is one). Linear, no allocation, and constant time for the clear cases.
 */
export function overCap(text: string, max = RENDER_MAX_CHARS): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  let chars = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The high half of a pair counts; its low half (0xDC00-0xDFFF after a high one) does not.
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (!(low && prev >= 0xd800 && prev <= 0xdbff)) chars++;
    if (chars > max) return true;
  }
  return false;
}

/** Whether the strings together have more than `max` characters (see `overCap`). */
export function textsOverCap(texts: Iterable<string>, max = RENDER_MAX_CHARS): boolean {
  let left = max;
  for (const text of texts) {
    if (overCap(text, left)) return true;
    left -= countChars(text);
  }
  return false;
}

function countChars(text: string): number {
  let chars = 0;
  for (const _ of text) chars++;
  return chars;
}

/** The 400 message of a document over the cap (`what`: "export", "import"). */
export const tooLongMessage = (what: string) =>
  `This document is too long to ${what}: at most ${RENDER_MAX_CHARS} characters.`;
