/**
 * Feed tokens: 256 random bits from crypto.getRandomValues, base64url (43 characters), the only
 * credential of the feed URL. Only the SHA-256 of a token (hex) is stored: a fetch is a lookup
 * of its hash (an index probe, no comparison of secrets in code), and the table alone opens no
 * calendar.
 */
export const FEED_TOKEN_LENGTH = 43;
const TOKEN_CHARS = /^[A-Za-z0-9_-]{43}$/;

export const isFeedToken = (s: string): boolean => TOKEN_CHARS.test(s);

export function newFeedToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
