import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { folderDepths, isLayerOverride, layerOverrides } from "./layers";

/** `npm run lint:layers`: rewrites biome.json's layer rules from the table in scripts/layers.ts. */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const path = join(root, "biome.json");
const config = JSON.parse(readFileSync(path, "utf8"));
const others = (config.overrides ?? []).filter((o: Record<string, unknown>) => !isLayerOverride(o));
config.overrides = [...others, ...layerOverrides(folderDepths(join(root, "src")))];
writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
execFileSync(join(root, "node_modules/.bin/biome"), ["format", "--write", path], {
  stdio: "inherit",
});
