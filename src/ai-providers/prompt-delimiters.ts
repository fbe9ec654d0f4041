/**
 * Delimiter tags in untrusted text, however they are spelled. A model reads `</ｒｅｓｕｍｅ>`,
 * `</rеsume>` (Cyrillic е), `</re\u0301sume>` or `<\u2044resume>` as the tag they look like, so
 * each character is folded first: compatibility decomposition (fullwidth, mathematical letters),
 * combining marks and invisible format characters dropped, lower case, and the letters of other
 * scripts that look like Latin ones mapped to them. One linear pattern then finds `<name` and
 * `</name` in the folded text, and the match is mapped back to the character that opened it.
 */

/** Pairs of (look-alike, what it looks like): `<` `/` `_` and the Latin letters of tag names. */
const LOOKALIKE_PAIRS =
  "‹<˂<ᐸ<〈<⟨<❮<⁄/∕/⧸/╱/‗_ˍ_" +
  // Cyrillic (lower case: capitals are lowered first)
  "аaвbеeкkмmнhоoрpсcтtуyхxѕsіiјjԁdԛqԝwһhӏl" +
  // Greek, Armenian, Latin variants
  "αaβbεeηnιiκkμmνvοoρpτtυuχxոnսuօoհhɑaɡgıiȷj";
const LOOKALIKES = new Map<string, string>();
for (let i = 0; i + 1 < LOOKALIKE_PAIRS.length; i += 2) {
  LOOKALIKES.set(LOOKALIKE_PAIRS.charAt(i), LOOKALIKE_PAIRS.charAt(i + 1));
}

const INVISIBLE = /[\p{M}\p{Cf}]/u;

/** One character (a code point) as the tag matcher sees it; "" for marks and format chars. */
function fold(ch: string): string {
  let out = "";
  for (const c of ch.normalize("NFKD").toLowerCase()) {
    if (!INVISIBLE.test(c)) out += LOOKALIKES.get(c) ?? c;
  }
  return out;
}

/** `<`, gaps, an optional `/`, gaps, a name: each quantifier stops where the next cannot start. */
const TAG = /<\s*(?:\/\s*)?([a-z0-9_]+)/g;

/** Where each tag named in `names` opens in `text` (the index of its `<`-like character). */
function delimiterStarts(text: string, names: ReadonlySet<string>): number[] {
  let folded = "";
  const origin: number[] = [];
  // Per call: text in another script repeats few characters (normalize is the costly part).
  const seen = new Map<string, string>();
  let at = 0;
  for (const ch of text) {
    let f = ch < "\u0080" ? ch.toLowerCase() : seen.get(ch);
    if (f === undefined) {
      f = fold(ch);
      seen.set(ch, f);
    }
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(at);
    at += ch.length;
  }
  const starts: number[] = [];
  for (const m of folded.matchAll(TAG)) {
    if (names.has(m[1] ?? "")) starts.push(origin[m.index] ?? 0);
  }
  return starts;
}

/**
 * `text` with the opening character of every tag named in `names` (in any spelling) replaced by
 * `mark`; nothing else changes.
 */
export function neutraliseDelimiters(
  text: string,
  names: ReadonlySet<string>,
  mark: string,
): string {
  let out = "";
  let from = 0;
  for (const start of delimiterStarts(text, names)) {
    const width = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    out += text.slice(from, start) + mark;
    from = start + width;
  }
  return out + text.slice(from);
}
