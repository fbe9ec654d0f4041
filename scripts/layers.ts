import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The layering of src/ as one table: each row names parts of src/ (a folder, or a file at its
 * root without `.ts`) and the parts they may import; every other part is forbidden to them.
 * Biome's noRestrictedImports overrides in biome.json are written from it
 * (`npm run lint:layers`), and test/unit/layers.test.ts fails when biome.json says anything else.
 * Parts without a row (entry) may import anything. Between features the rule is stricter still:
 * only through a feature's index.ts (test/unit/import-cycles.test.ts).
 */

/** Every part of src/. A new folder or root file of src/ is added here (the test checks). */
export const PARTS = [
  "entry",
  "app",
  "app-env",
  "config",
  "deps",
  "route",
  "core",
  "db",
  "kv",
  "ai-providers",
  "documents",
  "matching",
  "posting-intake",
  "openapi",
  "client",
  "features",
] as const;
export type Part = (typeof PARTS)[number];

export interface Layer {
  /** The parts the row is about (several when they share a rule, e.g. the shared types). */
  parts: readonly Part[];
  /** What they may import (besides themselves and packages). */
  may: readonly Part[];
  /** Packages they may not import either (gitignore-style globs, as Biome reads them). */
  packages?: readonly string[];
  /** Why, for the lint message. */
  why: string;
}

const all = (...except: Part[]) => PARTS.filter((p) => !except.includes(p));
const LIBRARIES = ["core", "db", "kv", "ai-providers", "documents", "matching", "posting-intake"];
const PURE = "pure functions over text: the core only";

export const LAYERS: readonly Layer[] = [
  {
    parts: ["core"],
    may: ["config"],
    packages: [
      "drizzle-orm",
      "drizzle-orm/**",
      "postgres",
      "@electric-sql/**",
      "@upstash/**",
      "openai",
      "openai/**",
      "@google/genai",
      "@google/genai/**",
    ],
    why: "The core defines the small interfaces the others implement and imports none of them (nor their drivers).",
  },
  { parts: ["db"], may: ["core", "config"], why: "db may import the core and config only." },
  { parts: ["kv"], may: ["core", "config"], why: "kv may import the core and config only." },
  {
    parts: ["ai-providers"],
    may: ["core", "config"],
    why: "ai-providers (the model providers, prompts, retries) may import the core and config only.",
  },
  {
    parts: ["documents"],
    may: ["core"],
    why: `documents (Markdown to DOCX, PDF, HTML, JSON Resume): ${PURE}.`,
  },
  { parts: ["matching"], may: ["core"], why: `matching (the match score): ${PURE}.` },
  {
    parts: ["posting-intake"],
    may: ["core"],
    why: `posting-intake (reading a job posting): ${PURE}.`,
  },
  {
    parts: ["deps", "app-env", "config", "route"],
    may: ["core", "db", "kv", "ai-providers", "documents", "matching", "posting-intake"],
    why: "The shared types sit below the features.",
  },
  { parts: ["openapi"], may: ["core", "route"], why: "openapi builds the document from routes." },
  { parts: ["client"], may: ["features"], why: "The client is typed from the route table only." },
  {
    parts: ["features"],
    may: all("app", "entry", "client"),
    why: "Features never import the app, an entry or the client (and each other only through index.ts).",
  },
  { parts: ["app"], may: all("entry", "client"), why: "The app never imports an entry." },
];

const LAYERING = `Layers: entry -> app -> features -> {${LIBRARIES.join(", ")}}.`;

/** Folder parts and how deep their files sit (features/resumes/trash/x.ts: 3). */
export function folderDepths(src: string): Map<string, number> {
  const depths = new Map<string, number>();
  const walk = (dir: string, depth: number): number =>
    readdirSync(dir).reduce((max, name) => {
      const path = join(dir, name);
      return Math.max(max, statSync(path).isDirectory() ? walk(path, depth + 1) : depth);
    }, 0);
  for (const name of readdirSync(src)) {
    const path = join(src, name);
    if (statSync(path).isDirectory()) depths.set(name, walk(path, 1));
  }
  return depths;
}

/** The parts found in src/: its folders and its root .ts files. */
export function partsOnDisk(src: string): string[] {
  return readdirSync(src)
    .filter((name) => statSync(join(src, name)).isDirectory() || name.endsWith(".ts"))
    .map((name) => name.replace(/\.ts$/, ""))
    .sort();
}

type Override = Record<string, unknown>;

/** Biome overrides for the table: one per row, forbidding every part the row does not allow. */
export function layerOverrides(depths: ReadonlyMap<string, number>): Override[] {
  return LAYERS.map((layer) => {
    const allowed = new Set<Part>([...layer.parts, ...layer.may]);
    const forbidden = PARTS.filter((p) => !allowed.has(p));
    const isFolder = (p: Part) => depths.has(p);
    const folders = layer.parts.filter(isFolder);
    const deepest = Math.max(0, ...folders.map((p) => depths.get(p) ?? 1));
    // A root file names another part as "./x"; a file k folders down as "../" repeated k times.
    const prefixes = folders.length === layer.parts.length ? [] : ["./"];
    for (let k = 1; k <= deepest; k++) prefixes.push("../".repeat(k));
    const group = prefixes.flatMap((prefix) =>
      forbidden.flatMap((p) => (isFolder(p) ? [prefix + p, `${prefix}${p}/**`] : [prefix + p])),
    );
    const includes = layer.parts.map((p) => (isFolder(p) ? `src/${p}/**` : `src/${p}.ts`));
    return {
      includes,
      linter: {
        rules: {
          style: {
            noRestrictedImports: {
              level: "error",
              options: {
                patterns: [
                  {
                    group: [...group, ...(layer.packages ?? [])],
                    message: `${LAYERING} ${layer.why}`,
                  },
                ],
              },
            },
          },
        },
      },
    };
  });
}

/** Whether a Biome override is one of the layer rules (it restricts imports). */
export const isLayerOverride = (o: Override) => JSON.stringify(o).includes('"noRestrictedImports"');
