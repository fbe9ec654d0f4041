import { type GenerateResult, ProviderError } from "./provider";

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * A model's text as PostgreSQL and JSON can hold it: NUL (PostgreSQL refuses it in text) and
 * lone surrogates (half an emoji, invalid UTF-16) removed. Text arrives in pieces, and a pair
 * may be split between two: a high surrogate ending one piece is held back until the next shows
 * whether it is half a pair. One linear pass, no regular expression.
 */
export function answerCleaner() {
  let held = "";
  return {
    push(piece: string): string {
      const s = held + piece;
      held = "";
      let out = "";
      let from = 0;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
          i++;
          continue;
        }
        if (c !== 0 && !isHigh(c) && !isLow(c)) continue;
        out += s.slice(from, i);
        from = i + 1;
        // A high surrogate at the very end may be completed by the next piece.
        if (isHigh(c) && i === s.length - 1) held = s.slice(i);
      }
      return out + s.slice(from);
    },
  };
}

/** The whole text at once, cleaned (a trailing half pair is dropped). */
export const cleanAnswer = (text: string): string => answerCleaner().push(text);

/**
 * One piece of a model's text as checked data: a string (an array, object or number is
 * `invalid`), cleaned, and the whole so far within `maxChars` (else `oversized`).
 */
export function checkedPiece(value: unknown, soFar: number, maxChars: number): string {
  if (typeof value !== "string") throw new ProviderError("invalid");
  if (soFar + value.length > maxChars) throw new ProviderError("oversized");
  return value;
}

/**
 * The answer's whole text: a plain call's comes at the end (checked and cleaned here), a
 * stream's was checked piece by piece. Empty, or nothing left once cleaned, is `empty`.
 */
export function wholeText(
  value: GenerateResult | undefined,
  streamed: string,
  clean: (piece: string) => string,
  maxChars: number,
): string {
  const whole = value?.text ? clean(checkedPiece(value.text, 0, maxChars)) : streamed;
  if (!whole) throw new ProviderError("empty");
  return whole;
}
