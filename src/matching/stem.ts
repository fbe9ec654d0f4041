/**
 * The Porter (1980) stemmer (with Porter2's rule for a final "y"), for lower-case ASCII words: "engineering", "engineers" and
 * "engineer" share "engin", so a posting and a resume match across word forms. Words of three
 * letters or less, and anything with a digit or a symbol ("c++", "s3", "k8s"), are kept as they
 * are: stemming "aws" or "js" would only make collisions.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = step1a(word);
  w = step1b(w);
  // Porter2's step 1c: "y" becomes "i" after a consonant only ("happy", not "deploy").
  if (/[^aeiouy]y$/.test(w) && w.length > 2) w = `${w.slice(0, -1)}i`;
  w = replaceSuffix(w, STEP2, 0);
  w = replaceSuffix(w, STEP3, 0);
  w = step4(w);
  return step5(w);
}

const isConsonant = (w: string, i: number): boolean => {
  const ch = w[i];
  if (ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u") return false;
  if (ch === "y") return i === 0 || !isConsonant(w, i - 1);
  return true;
};

/** Porter's m: the number of vowel-consonant sequences in [C](VC)^m[V]. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isConsonant(w, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(w, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isConsonant(w, i)) return true;
  return false;
}

const endsDoubleConsonant = (w: string) =>
  w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);

/** consonant-vowel-consonant at the end, the last not w, x or y (e.g. "hop", not "snow"). */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  const last = w[n - 1] as string;
  return (
    isConsonant(w, n - 3) &&
    !isConsonant(w, n - 2) &&
    isConsonant(w, n - 1) &&
    !"wxy".includes(last)
  );
}

function step1a(w: string): string {
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ies")) return w.slice(0, -2);
  if (w.endsWith("ss")) return w;
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith("eed")) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  let stemmed: string | null = null;
  if (w.endsWith("ed") && hasVowel(w.slice(0, -2))) stemmed = w.slice(0, -2);
  else if (w.endsWith("ing") && hasVowel(w.slice(0, -3))) stemmed = w.slice(0, -3);
  if (stemmed === null) return w;
  if (stemmed.endsWith("at") || stemmed.endsWith("bl") || stemmed.endsWith("iz")) {
    return `${stemmed}e`;
  }
  if (endsDoubleConsonant(stemmed) && !/[lsz]$/.test(stemmed)) return stemmed.slice(0, -1);
  if (measure(stemmed) === 1 && endsCvc(stemmed)) return `${stemmed}e`;
  return stemmed;
}

const STEP2: readonly [string, string][] = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["abli", "able"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
];

const STEP3: readonly [string, string][] = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
];

/** The longest listed suffix decides; it is replaced when what precedes has m > min. */
function replaceSuffix(w: string, table: readonly [string, string][], min: number): string {
  let best: [string, string] | undefined;
  for (const entry of table) {
    if (w.endsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  if (!best) return w;
  const base = w.slice(0, -best[0].length);
  return measure(base) > min ? base + best[1] : w;
}

const STEP4 = [
  "al",
  "ance",
  "ence",
  "er",
  "ic",
  "able",
  "ible",
  "ant",
  "ement",
  "ment",
  "ent",
  "ion",
  "ou",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
];

function step4(w: string): string {
  let best = "";
  for (const s of STEP4) if (w.endsWith(s) && s.length > best.length) best = s;
  if (!best) return w;
  const base = w.slice(0, -best.length);
  if (measure(base) <= 1) return w;
  if (best === "ion" && !/[st]$/.test(base)) return w;
  return base;
}

function step5(w: string): string {
  let out = w;
  if (out.endsWith("e")) {
    const base = out.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsCvc(base))) out = base;
  }
  if (measure(out) > 1 && endsDoubleConsonant(out) && out.endsWith("l")) out = out.slice(0, -1);
  return out;
}
