import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * No import cycles in src/, type-only imports included: between files, and between the parts of
 * the layering (entry -> app -> features -> {core, db, kv, ai-providers, ...}; a folder of src/ or
 * a file at its root is one part, and so is each feature folder of src/features/ and each file at
 * its root). Features meet only through their public faces: a file outside a feature folder
 * imports it through its index.ts (or its second face, deferred.ts: the routes of sub-resources
 * loaded on first use), and the folder's own files never do. The layering itself is
 * held by Biome's noRestrictedImports (biome.json, written from scripts/layers.ts).
 */

/**
 * Part-level cycles still to remove, each as its sorted parts joined by " <-> ". The list only
 * shrinks: a cycle not listed fails, and so does a listed one that is gone (delete its line).
 * Empty since the route definitions became the single source (features <-> openapi is gone).
 */
const KNOWN_PART_CYCLES: readonly string[] = [];

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports (`type` too), `import()`. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const patterns = [
    /(?:^|[;}\s])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /(?:^|[;\s])import\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1] as string));
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve "${spec}"`);
}

type Graph = Map<string, Set<string>>;

function fileGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const deps = new Set<string>();
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      const target = resolveLocal(file, spec);
      if (target) deps.add(relative(SRC, target));
    }
    graph.set(relative(SRC, file), deps);
  }
  return graph;
}

/**
 * `core/http.ts` -> core, `app.ts` -> app; `features/resumes/trash/trash.routes.ts` ->
 * features/resumes (a feature is one part, its sub-resources included), `features/seed.ts` ->
 * features/seed.
 */
function partOf(file: string): string {
  const [top, second] = file.replace(/\.tsx?$/, "").split("/");
  return top === "features" && second !== undefined ? `features/${second}` : (top ?? file);
}

/** The feature folder a file is in (`resumes` for features/resumes/trash/trash.routes.ts). */
function featureOf(file: string): string | null {
  const parts = file.split("/");
  return parts[0] === "features" && parts.length > 2 ? (parts[1] ?? null) : null;
}

/** A feature's faces: index.ts, and deferred.ts (routes app-routes.ts loads on first use). */
const FACES = ["index.ts", "deferred.ts"];

/**
 * Imports that go around a feature's face, each as "from -> to": into a feature folder from
 * outside it other than its faces; of its own faces from inside (a face is for others; it
 * would also close a cycle through whatever it lists); and of a sub-folder by a file of the
 * feature's own root other than a face (a sub-resource builds on its resource, not back).
 */
function faceViolations(files: Graph): string[] {
  const found: string[] = [];
  for (const [from, deps] of files) {
    const mine = featureOf(from);
    for (const to of deps) {
      const theirs = featureOf(to);
      if (theirs === null) continue;
      const faces = FACES.map((f) => `features/${theirs}/${f}`);
      const outside = mine !== theirs && !faces.includes(to);
      const ownFace = mine === theirs && faces.includes(to);
      const depth = (f: string) => f.split("/").length;
      // A feature's own files may use a sub-folder (a sub-resource) only through its index.ts.
      const subFace = depth(to) === 4 && to.endsWith("/index.ts");
      const intoSub =
        mine === theirs && !faces.includes(from) && depth(from) === 3 && depth(to) > 3 && !subFace;
      if (outside || ownFace || intoSub) found.push(`${from} -> ${to}`);
    }
  }
  return found.sort();
}

function partGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  for (const [file, deps] of files) {
    const from = partOf(file);
    const out = graph.get(from) ?? new Set<string>();
    for (const dep of deps) if (partOf(dep) !== from) out.add(partOf(dep));
    graph.set(from, out);
  }
  return graph;
}

/** Strongly connected components of more than one node, or a node importing itself (Tarjan). */
function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("import graph of src/", () => {
  const files = fileGraph();

  it("reads imports of every form", () => {
    const text = `import type { A } from "./a";\nimport {\n  b,\n  type C,\n} from "../b";\nexport * from "./c";\nexport { d } from "./d";\nimport "./e";\nconst f = await import("./f");\n// import { g } from "./g";\n/* import h from "./h"; */`;
    expect(specifiers(text).sort()).toEqual(["../b", "./a", "./c", "./d", "./e", "./f"]);
  });

  it("finds a cycle, type-only or not", () => {
    const graph: Graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
      ["d", new Set(["a"])],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c"]]);
  });

  it("tells a feature folder and its sub-folders from the files beside them", () => {
    expect(partOf("features/resumes/trash/trash.routes.ts")).toBe("features/resumes");
    expect(partOf("features/resumes/index.ts")).toBe("features/resumes");
    expect(partOf("features/seed.ts")).toBe("features/seed");
    expect(partOf("core/http.ts")).toBe("core");
    expect(partOf("app.ts")).toBe("app");
  });

  it("finds every import around a feature's face", () => {
    const graph: Graph = new Map([
      ["app.ts", new Set(["features/auth/index.ts", "features/auth/active-user.ts"])],
      [
        "features/a/x/x.service.ts",
        new Set(["features/a/a.queries.ts", "features/b/b.service.ts", "features/b/index.ts"]),
      ],
      ["features/a/a.routes.ts", new Set(["features/a/index.ts", "features/a/x/x.routes.ts"])],
      ["features/a/a.service.ts", new Set(["features/a/x/index.ts", "features/a/x/y/index.ts"])],
      ["features/a/index.ts", new Set(["features/a/a.routes.ts", "features/a/x/x.routes.ts"])],
      ["features/a/deferred.ts", new Set(["features/a/x/x.routes.ts", "features/a/index.ts"])],
      [
        "features/index.ts",
        new Set(["features/a/index.ts", "features/a/deferred.ts", "features/b/b.routes.ts"]),
      ],
    ]);
    expect(faceViolations(graph)).toEqual([
      "app.ts -> features/auth/active-user.ts",
      "features/a/a.routes.ts -> features/a/index.ts",
      "features/a/a.routes.ts -> features/a/x/x.routes.ts",
      "features/a/a.service.ts -> features/a/x/y/index.ts",
      "features/a/deferred.ts -> features/a/index.ts",
      "features/a/x/x.service.ts -> features/b/b.service.ts",
      "features/index.ts -> features/b/b.routes.ts",
    ]);
  });

  it("lets features and the rest of src/ import a feature only through its index.ts", () => {
    const faces = [...files.keys()].filter((f) => /^features\/[^/]+\/index\.ts$/.test(f));
    expect(faces.length).toBeGreaterThanOrEqual(8);
    expect(faceViolations(files)).toEqual([]);
  });

  it("has no cycle between files", () => {
    expect(files.size).toBeGreaterThan(50);
    expect(cycles(files)).toEqual([]);
  });

  it("has no cycle between parts beyond the known ones, and every known one still exists", () => {
    const found = cycles(partGraph(files)).map((c) => c.join(" <-> "));
    expect(found.sort()).toEqual([...KNOWN_PART_CYCLES].sort());
  });
});
