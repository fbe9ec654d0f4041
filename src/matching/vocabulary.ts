import { SKILLS } from "./skills";
import { type StemCache, type Token, tokenize } from "./text";

/** The skills vocabulary as lookups: stemmed word sequences, and case-sensitive single words. */
export interface Vocabulary {
  /** "postgr" (and "postgresql", "psql", ...) -> "PostgreSQL"; multi-word forms joined by " ". */
  readonly forms: ReadonlyMap<string, string>;
  /** "Go" -> "Go": forms that count only as written. */
  readonly cased: ReadonlyMap<string, string>;
  /** Every proper prefix of a multi-word form ("amazon" of "amazon web servic"): a scan goes on
   *  past a word only while the words so far start some form. */
  readonly prefixes: ReadonlySet<string>;
}

export interface SkillHit {
  readonly skill: string;
  /** How many tokens the form covered. */
  readonly length: number;
}

/** Builds the lookups from entries "Canonical|alias|=CasedAlias" (see skills.ts). */
export function buildVocabulary(entries: readonly string[]): Vocabulary {
  const forms = new Map<string, string>();
  const cased = new Map<string, string>();
  const prefixes = new Set<string>();
  const cache: StemCache = new Map();
  for (const entry of entries) {
    const parts = entry.split("|");
    const skill = (parts[0] ?? "").replace(/^=/, "");
    for (const part of parts) {
      if (part.startsWith("=")) {
        cased.set(part.slice(1), skill);
        continue;
      }
      const stems = tokenize(part, cache).map((t) => t.stem);
      if (stems.length === 0) continue;
      for (let n = 1; n < stems.length; n++) prefixes.add(stems.slice(0, n).join(" "));
      const key = stems.join(" ");
      if (!forms.has(key)) forms.set(key, skill);
    }
  }
  return { forms, cased, prefixes };
}

let shipped: Vocabulary | undefined;

/** The vocabulary shipped in skills.ts, built on first use (immutable afterwards). */
export function skillsVocabulary(): Vocabulary {
  shipped ??= buildVocabulary(SKILLS);
  return shipped;
}

/** The longest skill form starting at `tokens[i]`, or null. */
export function skillAt(vocab: Vocabulary, tokens: readonly Token[], i: number): SkillHit | null {
  let key = (tokens[i] as Token).stem;
  let best: SkillHit | null = null;
  for (let n = 1; ; n++) {
    const skill = vocab.forms.get(key);
    if (skill !== undefined) best = { skill, length: n };
    const next = tokens[i + n];
    if (next === undefined || !vocab.prefixes.has(key)) break;
    key = `${key} ${next.stem}`;
  }
  if (best) return best;
  const cased = vocab.cased.get((tokens[i] as Token).raw);
  return cased === undefined ? null : { skill: cased, length: 1 };
}
