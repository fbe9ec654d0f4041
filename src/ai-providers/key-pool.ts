import type { Kv } from "../core/kv";
import type { Logger } from "../core/logger";

/** How long a key the provider rejected (401/403) is left out of its pool. */
export const REJECTED_KEY_SKIP_SECONDS = 300;

/** A setting's value as a pool: comma-separated keys, blanks dropped. */
export function parseKeys(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
}

/** Fingerprints of the configured keys, computed once (a digest per call was 3% of a generation). */
const fingerprints = new Map<string, Promise<string>>();
/** Keys come from settings, so the map stays small; the bound only guards against misuse. */
const MAX_FINGERPRINTS = 256;

async function digestKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest).slice(0, 8)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** A short SHA-256 fingerprint: the kv store and the logs never see a key itself. */
export function keyFingerprint(key: string): Promise<string> {
  let fp = fingerprints.get(key);
  if (!fp) {
    if (fingerprints.size >= MAX_FINGERPRINTS) fingerprints.clear();
    fp = digestKey(key);
    fingerprints.set(key, fp);
  }
  return fp;
}

const skipKey = (fp: string) => `ai:key-skip:v1:${fp}`;

/**
 * The keys to try for one call, in order: round-robin across calls (a shared counter, so all
 * instances take turns), keys recently rejected left out. Empty when every key is being skipped.
 */
export async function orderKeys(
  parts: { kv: Kv; logger: Logger },
  poolName: string,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length <= 1)
    return keys.length === 1 && !(await isSkipped(parts, keys[0])) ? [...keys] : [];
  let start = 0;
  try {
    const turn = await parts.kv.incr(`ai:key-turn:v1:${poolName}`, 86_400);
    start = (turn.value - 1) % keys.length;
  } catch (err) {
    parts.logger.warn("ai key rotation store failed", { error: (err as Error).name });
  }
  const rotated = [...keys.slice(start), ...keys.slice(0, start)];
  const skipped = await Promise.all(rotated.map((k) => isSkipped(parts, k)));
  return rotated.filter((_, i) => !skipped[i]);
}

async function isSkipped(parts: { kv: Kv; logger: Logger }, key: string | undefined) {
  if (key === undefined) return true;
  try {
    return (await parts.kv.get(skipKey(await keyFingerprint(key)))) !== null;
  } catch {
    return false;
  }
}

/** Leaves a rejected key out of its pool for a while (logged by fingerprint only). */
export async function rejectKey(parts: { kv: Kv; logger: Logger }, key: string): Promise<void> {
  const fp = await keyFingerprint(key);
  parts.logger.warn("ai key rejected by provider; skipping it", { key: fp });
  try {
    await parts.kv.set(skipKey(fp), "1", REJECTED_KEY_SKIP_SECONDS);
  } catch (err) {
    parts.logger.warn("ai key skip store failed", { error: (err as Error).name });
  }
}
