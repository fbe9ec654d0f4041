import { spawn } from "node:child_process";

/**
 * Vitest global setup: builds the Node server as `npm start` runs it (scripts/start.mjs
 * --build: esbuild into dist/server/, skipped when no source changed since the last build), so
 * the test servers start from that bundle, not under tsx's loader (startNodeServer).
 */
export default async function setup() {
  const child = spawn(process.execPath, ["scripts/start.mjs", "--build"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`scripts/start.mjs --build exited with ${code}\n${stderr}`);
}
