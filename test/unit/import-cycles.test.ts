import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * No import cycles in src/, type-only imports included: between files, and between the parts of
 * the layering (entry -> app -> features -> {core, db, kv, ai}; a folder of src/ or a file at its
 * root is one part). The layering itself is held by Biome's noRestrictedImports (biome.json).
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

/** `core/http.ts` -> core, `app.ts` -> app. */
const partOf = (file: string) => file.split("/")[0]?.replace(/\.tsx?$/, "") ?? file;

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

  it("has no cycle between files", () => {
    expect(files.size).toBeGreaterThan(50);
    expect(cycles(files)).toEqual([]);
  });

  it("has no cycle between parts beyond the known ones, and every known one still exists", () => {
    const found = cycles(partGraph(files)).map((c) => c.join(" <-> "));
    expect(found.sort()).toEqual([...KNOWN_PART_CYCLES].sort());
  });
});
