import { extractKeywords, type Keyword } from "./keywords";
import { type StemCache, type Token, tokenize } from "./text";
import { skillAt, skillsVocabulary, type Vocabulary } from "./vocabulary";

export interface WeightedKeyword {
  keyword: string;
  weight: number;
}

export interface MatchResult {
  /** 0-100: the weighted share of the posting's keywords that the resume has. */
  score: number;
  matched: WeightedKeyword[];
  missing: WeightedKeyword[];
}

/** Longer texts are cut here: a posting or resume past it is not a posting or resume. */
export const MAX_MATCH_CHARS = 100_000;

/** What a resume can be searched for: its skills, word stems, and two- and three-word stems. */
interface ResumeIndex {
  skills: Set<string>;
  grams: Set<string>;
}

function indexResume(resume: string, vocab: Vocabulary, cache: StemCache): ResumeIndex {
  const tokens = tokenize(resume, cache);
  const skills = new Set<string>();
  for (let i = 0; i < tokens.length; ) {
    const hit = skillAt(vocab, tokens, i);
    if (hit) skills.add(hit.skill);
    i += hit ? hit.length : 1;
  }
  const words = tokens.filter((t) => !t.stop).map((t: Token) => t.stem);
  const grams = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) {
    const two = `${words[i]} ${words[i + 1]}`;
    grams.add(two);
    if (i + 2 < words.length) grams.add(`${two} ${words[i + 2]}`);
  }
  return { skills, grams };
}

const found = (k: Keyword, index: ResumeIndex) =>
  k.kind === "skill" ? index.skills.has(k.key) : index.grams.has(k.key);

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Heaviest first, then by name (code-unit order, the same on every runtime). */
const byWeight = (a: WeightedKeyword, b: WeightedKeyword) =>
  b.weight - a.weight || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0);

/**
 * How well a resume covers a posting, without a model: the posting's keywords (skills of the
 * vocabulary with their aliases, repeated phrases, words; weighted by section and frequency)
 * searched in the resume, stemmed and case-insensitive. Deterministic; pure.
 */
export function matchScore(posting: string, resume: string): MatchResult {
  const vocab = skillsVocabulary();
  const cache: StemCache = new Map();
  const keywords = extractKeywords(posting.slice(0, MAX_MATCH_CHARS), vocab, cache);
  const index = indexResume(resume.slice(0, MAX_MATCH_CHARS), vocab, cache);
  const matched: WeightedKeyword[] = [];
  const missing: WeightedKeyword[] = [];
  let total = 0;
  let have = 0;
  for (const k of keywords) {
    total += k.weight;
    const entry = { keyword: k.keyword, weight: round2(k.weight) };
    if (found(k, index)) {
      have += k.weight;
      matched.push(entry);
    } else missing.push(entry);
  }
  const score = total > 0 ? Math.round((100 * have) / total) : 0;
  return { score, matched: matched.sort(byWeight), missing: missing.sort(byWeight) };
}
