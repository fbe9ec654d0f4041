import { describe, expect, it } from "vitest";
import { benchPosting, benchResume } from "../../scripts/bench/match-texts";
import { extractKeywords, MAX_KEYWORDS } from "../../src/matching/keywords";
import { matchScore } from "../../src/matching/match";
import { headingOf } from "../../src/matching/sections";
import { SKILLS } from "../../src/matching/skills";
import { stem } from "../../src/matching/stem";
import { tokenize } from "../../src/matching/text";
import { buildVocabulary, skillsVocabulary } from "../../src/matching/vocabulary";

const keywords = (posting: string) => extractKeywords(posting, skillsVocabulary(), new Map());
const names = (list: { keyword: string }[]) => list.map((k) => k.keyword);
const weightOf = (posting: string, keyword: string) =>
  keywords(posting).find((k) => k.keyword === keyword)?.weight;

describe("stem (Porter)", () => {
  it("gives word forms one stem", () => {
    expect(["engineering", "engineers", "engineer"].map(stem)).toEqual(["engin", "engin", "engin"]);
    expect(["management", "manager", "managing"].map(stem)).toEqual(["manag", "manag", "manag"]);
    expect(stem("databases")).toBe(stem("database"));
    expect(stem("deployed")).toBe(stem("deploying"));
  });

  it("follows Porter's published examples", () => {
    const pairs = {
      caresses: "caress",
      ponies: "poni",
      relational: "relat",
      hopping: "hop",
      agreed: "agre",
      generalization: "gener",
      hopeful: "hope",
      goodness: "good",
      adjustment: "adjust",
      controll: "control",
    };
    for (const [word, expected] of Object.entries(pairs)) expect(stem(word)).toBe(expected);
  });

  it("leaves short words and words with digits or symbols alone", () => {
    expect(["aws", "js", "k8s", "c++", "s3", "c#"].map(stem)).toEqual([
      "aws",
      "js",
      "k8s",
      "c++",
      "s3",
      "c#",
    ]);
  });
});

describe("tokenize", () => {
  it("keeps C++, C#, .NET, R&D whole; splits Node.js and CI/CD; drops accents", () => {
    const words = tokenize("C++, C# and .NET; R&D on Node.js, CI/CD. Résumé", new Map());
    expect(words.map((t) => t.lower)).toEqual([
      "c++",
      "c#",
      "and",
      ".net",
      "r&d",
      "on",
      "node",
      "js",
      "ci",
      "cd",
      "resume",
    ]);
    expect(words.map((t) => t.gap)).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe("the skills vocabulary", () => {
  it("names each form once: no alias stands for two skills", () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of SKILLS) {
      const parts = entry.split("|");
      const skill = (parts[0] ?? "").replace(/^=/, "");
      for (const part of parts) {
        const key = part.startsWith("=")
          ? part
          : tokenize(part, new Map())
              .map((t) => t.stem)
              .join(" ");
        const other = seen.get(key);
        if (other !== undefined && other !== skill) clashes.push(`${part}: ${other} / ${skill}`);
        seen.set(key, skill);
      }
    }
    expect(clashes).toEqual([]);
    expect(SKILLS.length).toBeGreaterThan(300);
  });

  it("takes the longest form: React Native is not React", () => {
    const vocab = buildVocabulary(["=React|react.js", "React Native"]);
    expect(vocab.forms.get("react nativ")).toBe("React Native");
    expect(names(extractKeywords("React Native apps", vocab, new Map()))).toEqual([
      "React Native",
      "apps",
    ]);
  });
});

describe("matchScore: aliases and case", () => {
  it("matches a skill through its aliases, whichever side names which", () => {
    const r = matchScore(
      "We use Postgres, JS, k8s, CI/CD and Node.",
      "PostgreSQL; JavaScript; Kubernetes; continuous integration; Node.js",
    );
    expect(names(r.matched).sort()).toEqual([
      "CI/CD",
      "JavaScript",
      "Kubernetes",
      "Node.js",
      "PostgreSQL",
    ]);
    expect(r.missing).toEqual([]);
    expect(r.score).toBe(100);
  });

  it("is case- and punctuation-insensitive, but Go only counts as written", () => {
    const r = matchScore("Requirements: TYPESCRIPT, ci-cd, Go", "typescript, CI / CD, golang");
    expect(r.score).toBe(100);
    const lower = matchScore("You will go far. Rust required.", "Rust");
    expect(names(lower.matched)).toEqual(["Rust"]);
    expect(names(lower.missing)).not.toContain("Go");
  });
});

describe("matchScore: stemming and phrases", () => {
  it("matches word forms through their stems", () => {
    const r = matchScore("Reconciling ledgers; deployments", "reconciled the ledger, deployed");
    expect(names(r.matched).sort()).toEqual(["deployments", "ledgers", "reconciling"]);
    expect(r.missing).toEqual([]);
  });

  it("keeps a phrase said twice as one keyword, matched only as a phrase", () => {
    const posting = "Own the payment ledger. The payment ledger is our core. Audits.";
    expect(names(keywords(posting))).toContain("payment ledger");
    expect(names(keywords(posting))).not.toContain("payment");
    const split = matchScore(posting, "ledger of payment audits");
    expect(names(split.missing)).toContain("payment ledger");
    const whole = matchScore(posting, "Kept the payment ledgers correct; audits");
    expect(names(whole.matched)).toContain("payment ledger");
  });

  it("does not join words across punctuation or stop words", () => {
    const k = names(keywords("Ledger, payment. Ledger, payment."));
    expect(k).not.toContain("ledger payment");
  });
});

describe("matchScore: weights", () => {
  it("weighs requirements above the rest, the rest above nice-to-haves and benefits", () => {
    const posting = [
      "Backend role",
      "",
      "Requirements:",
      "- Kafka",
      "",
      "## Responsibilities",
      "- Terraform",
      "",
      "Nice to have",
      "- Elixir",
      "",
      "BENEFITS",
      "- Gym membership",
    ].join("\n");
    const w = (k: string) => weightOf(posting, k) ?? 0;
    expect(w("Kafka")).toBe(4);
    expect(w("Terraform")).toBe(2);
    expect(w("Elixir")).toBe(1);
    expect(w("gym")).toBe(0.25);
  });

  it("reads what a line says: '... is a plus' lowers it, '... required' raises it", () => {
    const posting = "Intro line\nWe run Kafka.\nRedis is a plus.\nSQL is required.";
    expect(weightOf(posting, "Kafka")).toBe(2);
    expect(weightOf(posting, "Redis")).toBe(1);
    expect(weightOf(posting, "SQL")).toBe(4);
  });

  it("counts repetition, sublinearly", () => {
    const once = weightOf("intro\nKafka here.", "Kafka") ?? 0;
    const twice = weightOf("intro\nKafka here. Kafka there.", "Kafka") ?? 0;
    const four = weightOf("intro\nKafka. Kafka. Kafka. Kafka.", "Kafka") ?? 0;
    expect([once, twice, four]).toEqual([2, 4, 6]);
  });

  it("reads a content line as content, not as a heading", () => {
    expect(headingOf("Experience with Go is required")).toBeNull();
    expect(headingOf("- Requirements")).toBeNull();
    expect(headingOf("Preferred qualifications")).toEqual({ weight: 0.5, rest: "" });
    expect(headingOf("**What you'll need**")).toEqual({ weight: 2, rest: "" });
    expect(headingOf("Must have: Python")).toEqual({ weight: 2, rest: " Python" });
  });

  it("keeps at most 40 keywords, the heaviest", () => {
    const many = Array.from(
      { length: 120 },
      (_, i) => `topic${String.fromCharCode(97 + (i % 26))}${i}`,
    );
    const k = keywords(`Title\n${many.join(" ")}\nRequirements:\n- Kafka`);
    expect(k).toHaveLength(MAX_KEYWORDS);
    expect(k[0]?.keyword).toBe("Kafka");
  });
});

describe("matchScore: bounds, empty inputs, determinism", () => {
  it("answers 0 with nothing matched for an empty posting or resume", () => {
    expect(matchScore("", "TypeScript")).toEqual({ score: 0, matched: [], missing: [] });
    expect(matchScore("   \n\n", "")).toEqual({ score: 0, matched: [], missing: [] });
    const r = matchScore("TypeScript and Kafka", "");
    expect(r.score).toBe(0);
    expect(r.matched).toEqual([]);
    expect(names(r.missing).sort()).toEqual(["Kafka", "TypeScript"]);
  });

  it("lists what the resume lacks, and scores the weighted share found", () => {
    const posting = "Requirements:\n- TypeScript\n- Kafka\n- Terraform\n- Rust";
    const r = matchScore(posting, "Ten years of TypeScript.");
    expect(r).toEqual({
      score: 25,
      matched: [{ keyword: "TypeScript", weight: 4 }],
      missing: [
        { keyword: "Kafka", weight: 4 },
        { keyword: "Rust", weight: 4 },
        { keyword: "Terraform", weight: 4 },
      ],
    });
  });

  it("stays an integer within 0-100 and answers the same every time", () => {
    const posting = benchPosting();
    const resume = benchResume();
    const first = matchScore(posting, resume);
    expect(Number.isInteger(first.score)).toBe(true);
    expect(first.score).toBeGreaterThan(0);
    expect(first.score).toBeLessThanOrEqual(100);
    expect(first.matched.length + first.missing.length).toBe(MAX_KEYWORDS);
    expect(matchScore(posting, resume)).toEqual(first);
    expect(matchScore(posting, posting).score).toBe(100);
    for (const list of [first.matched, first.missing]) {
      const sorted = [...list].sort(
        (a, b) => b.weight - a.weight || (a.keyword < b.keyword ? -1 : 1),
      );
      expect(list).toEqual(sorted);
    }
  });
});
