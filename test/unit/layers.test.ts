import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  folderDepths,
  isLayerOverride,
  LAYERS,
  layerOverrides,
  PARTS,
  partsOnDisk,
} from "../../scripts/layers";

/** Biome's layer rules are written from one table (scripts/layers.ts): biome.json says no more. */

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");
const biome = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8"));

describe("the layer table", () => {
  it("names every part of src/, and only those", () => {
    expect([...PARTS].sort()).toEqual(partsOnDisk(SRC));
  });

  it("gives each part one row at most, allowing only known parts", () => {
    const rows = LAYERS.flatMap((l) => l.parts);
    expect(new Set(rows).size).toBe(rows.length);
    for (const layer of LAYERS) for (const p of layer.may) expect(PARTS).toContain(p);
  });

  it("forbids, from a sub-folder, every part the row does not allow, at every depth", () => {
    const depths = new Map([
      ["features", 3],
      ["core", 1],
      ["entry", 1],
      ["client", 1],
    ]);
    const overrides = layerOverrides(depths);
    const features = overrides.find((o) => JSON.stringify(o.includes) === '["src/features/**"]');
    const group: string[] = JSON.parse(JSON.stringify(features)).linter.rules.style
      .noRestrictedImports.options.patterns[0].group;
    expect(group).toEqual(expect.arrayContaining(["../app", "../../app", "../../../app"]));
    expect(group).toEqual(expect.arrayContaining(["../../../entry", "../../../entry/**"]));
    expect(group).toEqual(expect.arrayContaining(["../client", "../../client/**"]));
    expect(group).not.toContain("../core");
    expect(group).not.toContain("./app");
  });

  it("is what biome.json's layer overrides say (run `npm run lint:layers` after editing it)", () => {
    const written = biome.overrides.filter(isLayerOverride);
    expect(written).toEqual(layerOverrides(folderDepths(SRC)));
  });
});
