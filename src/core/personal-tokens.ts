import { sha256Hex } from "./digest";

/**
 * Personal access tokens' format: `rsm_pat_` + 30 random base62 characters (~178 bits) + a
 * 6-character base62 CRC32 of the random part, GitHub's layout, so a secret scanner can tell a
 * real token from a look-alike without a lookup, and a typo is refused without touching the
 * database. Only the SHA-256 of the whole token is stored.
 */
export const PERSONAL_TOKEN_PREFIX = "rsm_pat_";
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
export const PERSONAL_TOKEN_LENGTH = PERSONAL_TOKEN_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * CRC-32's table, built with the first checksum: at module load it cost a cold Worker isolate
 * 1-3 ms of its start-up in `wrangler check startup`'s profiles (the loop runs interpreted, and
 * its constant is no small integer), paid by every isolate though only personal tokens use it
 * (BENCHMARKS.md #34).
 */
let crcTable: Uint32Array | undefined;

function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 (IEEE, as zlib) of an ASCII string. */
export function crc32(text: string): number {
  crcTable ??= buildCrcTable();
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (table[(crc ^ text.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 32-bit number in base62, left-padded to six characters (62^6 > 2^32). */
function base62(value: number): string {
  let out = "";
  let n = value;
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** Uniform base62 characters from the platform's CSPRNG (rejection sampling: no modulo bias). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      // 248 = 62 * 4: bytes at or above it would favour the first characters.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function newPersonalToken(): string {
  const random = randomBase62(RANDOM_LENGTH);
  return `${PERSONAL_TOKEN_PREFIX}${random}${base62(crc32(random))}`;
}

const isBase62 = (text: string) => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    if (!digit && !upper && !lower) return false;
  }
  return true;
};

/** Whether `token` has the format and a matching checksum (not whether it exists). */
export function isWellFormedPersonalToken(token: string): boolean {
  if (token.length !== PERSONAL_TOKEN_LENGTH || !token.startsWith(PERSONAL_TOKEN_PREFIX)) {
    return false;
  }
  const body = token.slice(PERSONAL_TOKEN_PREFIX.length);
  if (!isBase62(body)) return false;
  const random = body.slice(0, RANDOM_LENGTH);
  return base62(crc32(random)) === body.slice(RANDOM_LENGTH);
}

/** The stored form: SHA-256, hex. The token has 178 random bits, so no salt or slow hash. */
export const hashPersonalToken = (token: string): Promise<string> => sha256Hex(token);

/** What the owner sees of a token after creation: its last four characters. */
export const personalTokenHint = (token: string) => token.slice(-4);
