/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of the key; a message is signed as `v1,` + base64 of HMAC-SHA256 over `<id>.<timestamp>.<body>`.
 */

const PREFIX = "whsec_";
/** 32 random bytes: Standard Webhooks asks for 24 to 64. */
const KEY_BYTES = 32;

const toBase64 = (bytes: Uint8Array) => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};

export function newWebhookSecret(): string {
  const key = new Uint8Array(KEY_BYTES);
  crypto.getRandomValues(key);
  return `${PREFIX}${toBase64(key)}`;
}

function keyOf(secret: string): Uint8Array<ArrayBuffer> {
  const raw = atob(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** The three headers of one attempt; `timestamp` in Unix seconds. */
export async function signedHeaders(
  secret: string,
  msg: { id: string; timestamp: number; body: string },
): Promise<Record<string, string>> {
  const key = await crypto.subtle.importKey(
    "raw",
    keyOf(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signed = new TextEncoder().encode(`${msg.id}.${msg.timestamp}.${msg.body}`);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, signed));
  return {
    "webhook-id": msg.id,
    "webhook-timestamp": String(msg.timestamp),
    "webhook-signature": `v1,${toBase64(mac)}`,
  };
}

/** The body of a delivery: the event as recorded (`data` is JSON text, sent as written). */
export const deliveryBody = (event: string, createdAt: Date, data: string) =>
  `{"type":${JSON.stringify(event)},"timestamp":${JSON.stringify(createdAt.toISOString())},"data":${data}}`;
