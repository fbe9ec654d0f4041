import type { Context, MiddlewareHandler } from "hono";
import { bodyText } from "./body";
import { sha256Hex } from "./digest";
import { ApiError, serviceUnavailable } from "./errors";
import type { CoreEnv } from "./types";

/**
 * `Idempotency-Key` on the POSTs that create, generate, import or send (`idempotent: true` on
 * the route). The first answer is kept KEEP_SECONDS per caller (user id, else IP) and key; the
 * same key and request get it again with `Idempotent-Replayed: true` and nothing runs, another
 * request under the key is 422, and one while the first still runs is 409. The claim is one
 * atomic SET NX in the store, so two instances racing on one key run it once. A 5xx is not
 * kept: the claim is dropped and a retry runs.
 */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";
export const KEEP_SECONDS = 24 * 60 * 60;
/**
 * How long a claim of a request still running holds. Past it a process that died mid-request
 * no longer blocks the key; every request here finishes well within it (generation's budget
 * is minutes at most).
 */
export const RUNNING_SECONDS = 10 * 60;
/** Answers beyond this are not replayed whole (the store's value limit); see `tooLarge`. */
export const MAX_KEPT_BYTES = 1024 * 1024;
/** The answer's headers a replay repeats (Content-Type for the body's sake). */
const KEPT_HEADERS = ["content-type", "location", "x-ai-model"] as const;

export const INVALID_KEY_DETAIL = "Idempotency-Key must be 1 to 255 printable ASCII characters.";

/** 1-255 printable ASCII characters (space included), as the contract says. */
export function validKey(key: string): boolean {
  if (key.length < 1 || key.length > 255) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

type Claim =
  | { s: "run"; fp: string }
  | { s: "done"; fp: string; status: number; body: string; headers: Record<string, string> }
  | { s: "big"; fp: string; status: number };

const conflict = (status: 409 | 422, detail: string) => new ApiError(status, { detail });
const running = () =>
  conflict(409, "A request with this Idempotency-Key is still being processed; retry later.");
const otherRequest = () =>
  conflict(422, "This Idempotency-Key was already used with a different request.");

/** Whether the request asks for a streamed answer, which cannot be kept and replayed. */
const streamed = (c: Context<CoreEnv>) =>
  (c.req.header("accept") ?? "").toLowerCase().includes("text/event-stream");

/**
 * The record's key: the caller (the user, else the IP) and the client's key, hashed. A user is
 * named by id and the moment they joined: ids start again after a database is reset or restored,
 * and the store (24 h of answers) outlives that, so an id alone could hand one user's kept answer
 * to the next user of that id who sends the same key.
 */
async function storeKey(c: Context<CoreEnv>, key: string): Promise<string> {
  const user = c.get("user");
  if (!user) return `idem:ip${c.get("clientIp")}:${await sha256Hex(key)}`;
  return `idem:u${user.id}:${await sha256Hex(`${user.dateJoined}\n${key}`)}`;
}

/** What makes two requests "the same": method, path (query included) and body. */
async function fingerprint(c: Context<CoreEnv>): Promise<string> {
  const url = new URL(c.req.url);
  const path = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
  return sha256Hex(`${c.req.method}\n${path}${url.search}\n${await bodyText(c)}`);
}

function replay(claim: Claim, fp: string): Response {
  if (claim.fp !== fp) throw otherRequest();
  if (claim.s === "run") throw running();
  if (claim.s === "big") {
    throw conflict(
      409,
      "The answer to this Idempotency-Key was too large to keep; read the resource instead.",
    );
  }
  return new Response(claim.body, {
    status: claim.status,
    headers: { ...claim.headers, [REPLAYED_HEADER]: "true" },
  });
}

/** Claims the key, or the claim already there (null once more when it expired meanwhile). */
async function claimKey(c: Context<CoreEnv>, key: string, fp: string): Promise<Claim | null> {
  const { kv } = c.env.deps;
  const mine: Claim = { s: "run", fp };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await kv.setNx(key, JSON.stringify(mine), RUNNING_SECONDS)) return null;
    const held = await kv.get(key);
    if (held !== null) return JSON.parse(held) as Claim;
  }
  throw running();
}

async function keep(c: Context<CoreEnv>, key: string, fp: string, res: Response) {
  const { kv } = c.env.deps;
  if (res.status >= 500) return kv.del(key);
  const body = await res.clone().text();
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const claim: Claim =
    body.length > MAX_KEPT_BYTES
      ? { s: "big", fp, status: res.status }
      : { s: "done", fp, status: res.status, body, headers };
  await kv.set(key, JSON.stringify(claim), KEEP_SECONDS);
}

export const idempotency: MiddlewareHandler<CoreEnv> = async (c, next) => {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return next();
  if (!validKey(key)) {
    throw new ApiError(400, { detail: INVALID_KEY_DETAIL });
  }
  if (streamed(c)) {
    throw new ApiError(400, {
      detail:
        "An Idempotency-Key cannot be used with a streamed answer (Accept: text/event-stream); ask for JSON.",
    });
  }
  const [sk, fp] = await Promise.all([storeKey(c, key), fingerprint(c)]);
  let held: Claim | null;
  try {
    held = await claimKey(c, sk, fp);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // Without the store no answer can be promised once only: refuse rather than run unguarded.
    throw serviceUnavailable(5);
  }
  if (held) return replay(held, fp);
  await next();
  try {
    await keep(c, sk, fp, c.res);
  } catch {
    c.get("logger").error("idempotent answer not kept", { status: c.res.status });
  }
};
