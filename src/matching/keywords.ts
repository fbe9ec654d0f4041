import { headingOf, lineWeight, WEIGHT } from "./sections";
import { type StemCache, type Token, tokenize } from "./text";
import { skillAt, type Vocabulary } from "./vocabulary";

/** One keyword of a posting: a skill of the vocabulary, a repeated phrase, or a word. */
export interface Keyword {
  /** What the answer shows: the skill's name, or the phrase as first written (lower case). */
  readonly keyword: string;
  readonly kind: "skill" | "phrase" | "word";
  /** The skill's name, or the stems joined by spaces: what a resume is searched for. */
  readonly key: string;
  readonly weight: number;
}

/** At most this many keywords, the heaviest (a long posting would otherwise dilute the score). */
export const MAX_KEYWORDS = 40;
/** A skill counts twice a plain word; a phrase said at least twice half as much again. */
const KIND_WEIGHT = { skill: 2, phrase: 1.5, word: 1 } as const;
/** The first line is usually the title. */
const TITLE_WEIGHT = 1.5;

interface Tally {
  keyword: string;
  kind: Keyword["kind"];
  key: string;
  count: number;
  best: number;
  first: number;
}

/** Runs of words that may form a phrase: no punctuation, stop word or skill between them. */
interface Chunk {
  readonly tokens: Token[];
  readonly weight: number;
}

class Tallies {
  readonly byKind = { skill: new Map<string, Tally>(), phrase: new Map(), word: new Map() };
  private seen = 0;

  add(kind: Keyword["kind"], key: string, keyword: string, weight: number) {
    const map: Map<string, Tally> = this.byKind[kind];
    const t = map.get(key);
    if (t) {
      t.count++;
      t.best = Math.max(t.best, weight);
      return;
    }
    map.set(key, { keyword, kind, key, count: 1, best: weight, first: this.seen++ });
  }

  all(): Tally[] {
    return [
      ...this.byKind.skill.values(),
      ...this.byKind.phrase.values(),
      ...this.byKind.word.values(),
    ];
  }
}

/** Skills go straight to the tallies; what is left is cut into chunks for the phrase pass. */
function scanLine(tokens: Token[], weight: number, vocab: Vocabulary, tallies: Tallies): Chunk[] {
  const chunks: Chunk[] = [];
  let run: Token[] = [];
  const close = () => {
    if (run.length > 0) chunks.push({ tokens: run, weight });
    run = [];
  };
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i] as Token;
    const hit = skillAt(vocab, tokens, i);
    if (hit) {
      close();
      tallies.add("skill", hit.skill, hit.skill, weight);
      i += hit.length;
      continue;
    }
    if (t.gap || !t.keyword) close();
    if (t.keyword) run.push(t);
    i++;
  }
  close();
  return chunks;
}

/** Every line scanned with its section's weight; headings change the section. */
function scanPosting(posting: string, vocab: Vocabulary, cache: StemCache) {
  const tallies = new Tallies();
  const chunks: Chunk[] = [];
  let section: number = WEIGHT.neutral;
  let titleSeen = false;
  for (const line of posting.split(/\r\n|\r|\n/)) {
    if (line.trim().length === 0) continue;
    const heading = headingOf(line);
    let text = line;
    let weight: number;
    if (heading && heading.rest.trim().length === 0) {
      section = heading.weight;
      titleSeen = true;
      continue;
    }
    if (heading) {
      text = heading.rest;
      weight = heading.weight;
    } else {
      weight = lineWeight(line, section);
      if (!titleSeen && line.length <= 100) weight = Math.max(weight, TITLE_WEIGHT);
    }
    titleSeen = true;
    chunks.push(...scanLine(tokenize(text, cache), weight, vocab, tallies));
  }
  return { tallies, chunks };
}

const gram = (tokens: readonly Token[], i: number, n: number) => {
  let key = (tokens[i] as Token).stem;
  for (let k = 1; k < n; k++) key += ` ${(tokens[i + k] as Token).stem}`;
  return key;
};

/** Phrases of two or three words said at least twice. */
function repeatedPhrases(chunks: readonly Chunk[]): Set<string> {
  const counts = new Map<string, number>();
  for (const { tokens } of chunks) {
    for (let n = 2; n <= 3; n++) {
      for (let i = 0; i + n <= tokens.length; i++) {
        const key = gram(tokens, i, n);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return new Set([...counts].filter(([, c]) => c >= 2).map(([k]) => k));
}

/** Each chunk read left to right, the longest repeated phrase first, else one word. */
function tallyChunks(chunks: readonly Chunk[], tallies: Tallies) {
  const phrases = repeatedPhrases(chunks);
  for (const { tokens, weight } of chunks) {
    for (let i = 0; i < tokens.length; ) {
      let n = Math.min(3, tokens.length - i);
      while (n > 1 && !phrases.has(gram(tokens, i, n))) n--;
      if (n > 1) {
        const label = tokens
          .slice(i, i + n)
          .map((t) => t.lower)
          .join(" ");
        tallies.add("phrase", gram(tokens, i, n), label, weight);
      } else {
        const t = tokens[i] as Token;
        tallies.add("word", t.stem, t.lower, weight);
      }
      i += n;
    }
  }
}

/**
 * The posting's keywords, heaviest first (ties: the one said first). A keyword's weight is its
 * kind's weight times its best line's weight times 1 + log2(times said).
 */
export function extractKeywords(posting: string, vocab: Vocabulary, cache: StemCache): Keyword[] {
  const { tallies, chunks } = scanPosting(posting, vocab, cache);
  tallyChunks(chunks, tallies);
  const weighted = tallies.all().map((t) => ({
    ...t,
    weight: KIND_WEIGHT[t.kind] * t.best * (1 + Math.log2(t.count)),
  }));
  weighted.sort((a, b) => b.weight - a.weight || a.first - b.first);
  return weighted
    .slice(0, MAX_KEYWORDS)
    .map(({ keyword, kind, key, weight }) => ({ keyword, kind, key, weight }));
}
