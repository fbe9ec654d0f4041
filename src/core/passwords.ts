import { loadOnce } from "./lazy";
import type { HashPriority } from "./limit";

/**
 * Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` format, on WebCrypto (off the event
 * loop where the runtime can). A runtime whose WebCrypto refuses large iteration counts sets
 * `webCryptoMaxIterations`, which routes larger counts to a pure-JS implementation.
 */
export const ALGORITHM = "pbkdf2_sha256";

export interface Hasher {
  /** Iterations for new hashes. */
  iterations: number;
  /** Above this count, WebCrypto is not asked (the entry knows its runtime's cap). */
  webCryptoMaxIterations: number;
  /** Test hook: observe what WebCrypto is asked for. */
  onWebCrypto?: (iterations: number) => void;
  /** Bounds and orders concurrent hashing (the entry decides how, see `createHashQueue`). */
  run?: <T>(job: () => Promise<T>, priority: HashPriority) => Promise<T>;
}

const encoder = new TextEncoder();

/**
 * The pure-JS PBKDF2 (@noble/hashes) with the first hash above the runtime's WebCrypto cap (a
 * Worker's sign-in), not with the app: requests that hash no password never need it, and a cold
 * Worker isolate would evaluate it at start-up (BENCHMARKS.md #34).
 */
const loadNoble = loadOnce(async () => {
  const [{ pbkdf2Async }, { sha256 }] = await Promise.all([
    import("@noble/hashes/pbkdf2.js"),
    import("@noble/hashes/sha2.js"),
  ]);
  return { pbkdf2Async, sha256 };
});

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function pbkdf2Sha256(
  hasher: Hasher,
  password: string,
  salt: string,
  iterations: number,
  priority: HashPriority = "other",
): Promise<Uint8Array> {
  const job = () => derive(hasher, password, salt, iterations);
  return hasher.run ? hasher.run(job, priority) : job();
}

async function derive(
  hasher: Hasher,
  password: string,
  salt: string,
  iterations: number,
): Promise<Uint8Array> {
  const pw = encoder.encode(password);
  const sl = encoder.encode(salt);
  if (iterations > hasher.webCryptoMaxIterations) {
    const { pbkdf2Async, sha256 } = await loadNoble();
    return pbkdf2Async(sha256, pw, sl, { c: iterations, dkLen: 32, asyncTick: 10 });
  }
  hasher.onWebCrypto?.(iterations);
  const base = await crypto.subtle.importKey("raw", pw, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: sl, iterations },
    base,
    256,
  );
  return new Uint8Array(bits);
}

const SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Django's get_random_string(22): ~128 bits of entropy. */
export function randomSalt(length = 22): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += SALT_CHARS[b % SALT_CHARS.length];
  return s;
}

export async function hashPassword(
  hasher: Hasher,
  password: string,
  salt = randomSalt(),
  priority: HashPriority = "other",
) {
  const iterations = Math.min(hasher.iterations, hasher.webCryptoMaxIterations);
  const hash = await pbkdf2Sha256(hasher, password, salt, iterations, priority);
  return `${ALGORITHM}$${iterations}$${salt}$${toBase64(hash)}`;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface VerifyResult {
  ok: boolean;
  /** The stored hash used fewer iterations than configured: re-hash after a successful login. */
  needsRehash: boolean;
}

export async function verifyPassword(
  hasher: Hasher,
  password: string,
  encoded: string,
  priority: HashPriority = "other",
): Promise<VerifyResult> {
  const parts = encoded.split("$");
  const [algorithm, iterText, salt, expected] = parts;
  const iterations = Number(iterText);
  if (
    parts.length !== 4 ||
    algorithm !== ALGORITHM ||
    !salt ||
    !expected ||
    !Number.isInteger(iterations) ||
    iterations < 1
  ) {
    return { ok: false, needsRehash: false };
  }
  const actual = toBase64(await pbkdf2Sha256(hasher, password, salt, iterations, priority));
  const ok = constantTimeEqual(actual, expected);
  const target = Math.min(hasher.iterations, hasher.webCryptoMaxIterations);
  return { ok, needsRehash: ok && iterations < target };
}

/** Django marks unusable passwords with a leading "!"; they never verify. */
export const isUsableHash = (encoded: string) => !encoded.startsWith("!");
