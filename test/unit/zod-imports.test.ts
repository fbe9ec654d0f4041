import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `src/` takes zod as a namespace import (`import * as z from "zod"`), or its types only. zod's
 * own `z` export is a namespace object: importing it as a value (`import { z } from "zod"`, or
 * the default) keeps all of zod in the Worker's start-up modules, ~190 KiB more, and defines
 * ~900 getters at load (docs/STYLE.md, BENCHMARKS.md #34).
 */
const SRC = resolve(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The imports of "zod" that bring in its `z` namespace object as a value. */
function valueImportsOfZ(text: string): string[] {
  const imports = text.match(/^import\s[^;]*?\sfrom\s*["']zod["'];/gm) ?? [];
  return imports.filter(
    (line) =>
      !/^import\s+type\s/.test(line) &&
      !/^import\s+\*\s+as\s+\w+\s+from/.test(line) &&
      (/[{,]\s*z\s*[,}]/.test(line) || /^import\s+\w+\s*(,|from)/.test(line)),
  );
}

describe("zod imports in src/", () => {
  it("tells a value import of z from a namespace or type import", () => {
    expect(valueImportsOfZ('import { z } from "zod";')).toHaveLength(1);
    expect(valueImportsOfZ('import z from "zod";')).toHaveLength(1);
    expect(valueImportsOfZ('import { type ZodType, z } from "zod";')).toHaveLength(1);
    expect(valueImportsOfZ('import * as z from "zod";')).toEqual([]);
    expect(valueImportsOfZ('import type { z } from "zod";')).toEqual([]);
    expect(valueImportsOfZ('import { ZodError } from "zod";')).toEqual([]);
  });

  it("takes zod as a namespace import, never its z object as a value", () => {
    const found = sourceFiles(SRC).flatMap((file) =>
      valueImportsOfZ(readFileSync(file, "utf8")).map((i) => `${relative(SRC, file)}: ${i}`),
    );
    expect(found).toEqual([]);
  });
});
