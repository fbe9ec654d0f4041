import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { E2E_SECRET, targetKind } from "../helpers/e2e-target";
import { captureOutput, freePort, waitForReady } from "../helpers/node-server";

/**
 * What docker-compose.yml relies on, checked with the Dockerfile's own CMD and HEALTHCHECK
 * (read from the file, so they cannot drift): configuration only through the environment,
 * migrations on start, a working healthcheck, and exit 0 after SIGTERM.
 */
function dockerfileJson(instruction: "CMD" | "HEALTHCHECK"): string[] {
  const text = readFileSync("Dockerfile", "utf8").replace(/\\\n\s*/g, " ");
  // The last one: the runtime stage is the final stage (earlier ones are deps and test).
  const line = text
    .split("\n")
    .filter((l) => l.startsWith(`${instruction} `))
    .at(-1);
  const json = line?.slice(line.indexOf("["));
  if (!json) throw new Error(`no ${instruction} in Dockerfile`);
  return JSON.parse(json) as string[];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(targetKind() !== "node")("the container's commands", () => {
  it("start migrated from environment variables, pass the healthcheck, stop cleanly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "resumate-container-"));
    dirs.push(dir);
    const port = await freePort();
    const database = process.env.TEST_DATABASE_URL
      ? { DATABASE_URL: process.env.TEST_DATABASE_URL }
      : { PGLITE_DIR: join(dir, "pglite") };
    const env = {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      SECRET_KEY: E2E_SECRET,
      LOG_LEVEL: "warn",
      ...database,
    };
    const [cmd, ...args] = dockerfileJson("CMD");
    expect(cmd).toBe("node");
    const proc = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const output = captureOutput(proc);
    const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
    try {
      const url = `http://127.0.0.1:${port}`;
      // /ready answers 503 while it migrates and seeds, 200 once done.
      await waitForReady(url, 60_000, proc).catch((err: Error) => {
        throw new Error(`${err.message}\n${output()}`);
      });
      // Migrated and seeded: the example rows are there.
      const examples = await fetch(`${url}/api/example-job-applications/`);
      expect(examples.status).toBe(200);
      expect(((await examples.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);

      const [hcCmd, ...hcArgs] = dockerfileJson("HEALTHCHECK");
      expect(hcCmd).toBe("node");
      const hc = spawnSync(process.execPath, hcArgs, { env, timeout: 10_000 });
      expect(hc.status).toBe(0);
    } finally {
      proc.kill("SIGTERM");
      // The exit code is the graceful-stop check (awaited even when an assertion failed).
      expect(await exited, output()).toBe(0);
    }
  });
});
