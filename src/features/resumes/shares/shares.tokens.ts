/**
 * Share tokens: 128 random bits from crypto.getRandomValues, base64url (22 characters). Only the
 * SHA-256 of a token (hex) is stored, so the table alone opens no resume.
 */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

export function newShareToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/(?<!=)=+$/, "");
}

export async function hashShareToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
