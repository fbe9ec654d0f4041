import type { MiddlewareHandler } from "hono";
import { sha256Hex } from "./digest";
import { ApiError } from "./errors";
import type { CoreEnv, IfMatch } from "./types";

export type { IfMatch };

/**
 * Entity tags of single resources (`etag: true` on the route). Strong tags: the SHA-256 of the
 * exact JSON a GET answers (first 32 hex digits), so two answers share a tag only when they are
 * byte for byte the same. Strong because `If-Match` compares strongly (RFC 9110 13.1.1: a weak
 * tag never matches there), and because a hash of the bytes needs no discipline from writers
 * (the Django service writing the same rows, a column nobody bumps `updated_at` for).
 *
 * Writes compare inside their transaction, against the row locked FOR UPDATE and serialized as
 * a GET would: `c.get("ifMatch")` is handed down to the query, so no write lands between the
 * check and the change.
 */
export const ETAG_HEADER = "ETag";
/** Tags a precondition header may list (a longer list is refused, not scanned). */
const MAX_TAGS = 20;
const MAX_HEADER = 2048;

export const etagOf = async (json: string): Promise<string> =>
  `"${(await sha256Hex(json)).slice(0, 32)}"`;

/** `If-Match`/`If-None-Match` as a list of tags, or "*" (any current representation). */
export type TagList = readonly string[] | "*";

const preconditionFailed = () =>
  new ApiError(412, {
    detail: "The resource has changed since you read it (If-Match does not match its ETag).",
  });

/** The tags of a header (`"a", W/"b"`); a malformed one is a 400. */
function parseTags(header: string): TagList {
  const value = header.trim();
  if (value === "*") return "*";
  if (value.length > MAX_HEADER) throw badHeader();
  const tags = value.split(",").map((t) => t.trim());
  if (tags.length > MAX_TAGS) throw badHeader();
  for (const tag of tags) {
    const bare = tag.startsWith("W/") ? tag.slice(2) : tag;
    if (bare.length < 2 || !bare.startsWith('"') || !bare.endsWith('"')) throw badHeader();
  }
  return tags;
}

const badHeader = () =>
  new ApiError(400, { detail: "If-Match and If-None-Match take a list of quoted entity tags." });

/** Weak comparison (If-None-Match): the opaque parts equal, W/ ignored. */
const weakMatch = (tags: TagList, etag: string) =>
  tags === "*" || tags.some((t) => (t.startsWith("W/") ? t.slice(2) : t) === etag);

export const noCondition: IfMatch = async () => {};

function ifMatchOf(tags: TagList): IfMatch {
  if (tags === "*") return noCondition;
  return async (json) => {
    const etag = await etagOf(json);
    if (!tags.some((t) => t === etag)) throw preconditionFailed();
  };
}

/**
 * The tag of an answer's body. Awaited to the end before the caller touches `res.headers`: under
 * @hono/node-server's Response (the global on Node once a server is started) the `headers` of
 * an answer not yet read are a draft that reading the body replaces, so in
 * `res.headers.set(name, await tagOf(res))` JavaScript would take the draft first and the tag
 * would be set on headers nobody sends.
 */
const tagOf = async (res: Response): Promise<string> => etagOf(await res.clone().text());

/**
 * GET: tags the 200 answer, and answers 304 to a matching `If-None-Match`. PUT, PATCH and
 * DELETE: `If-Match` becomes `c.get("ifMatch")` for the write to run inside its transaction.
 */
export const entityTags: MiddlewareHandler<CoreEnv> = async (c, next) => {
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD") {
    const header = c.req.header("if-match");
    c.set("ifMatch", header === undefined ? noCondition : ifMatchOf(parseTags(header)));
    await next();
    if (c.res.status !== 200) return;
    // The new representation's tag, for the client's next If-Match; hashed before `headers` is
    // read (see `tagOf`).
    const etag = await tagOf(c.res);
    c.res.headers.set(ETAG_HEADER, etag);
    return;
  }
  const header = c.req.header("if-none-match");
  const tags = header === undefined ? undefined : parseTags(header);
  await next();
  if (c.res.status !== 200) return;
  const etag = await tagOf(c.res);
  if (tags && weakMatch(tags, etag)) {
    c.res = new Response(null, { status: 304, headers: { [ETAG_HEADER]: etag } });
    return;
  }
  c.res.headers.set(ETAG_HEADER, etag);
};

/** A write's precondition on the row it locked (see `rowPrecondition`). */
export type RowCheck<R> = (row: R) => Promise<void>;

/**
 * The request's `If-Match` as a check of the locked row, `represent` being the GET's serializer;
 * undefined without one, so a plain write keeps its one-statement path.
 */
export function rowPrecondition<R>(
  c: { get(key: "ifMatch"): IfMatch | undefined },
  represent: (row: R) => unknown,
): RowCheck<R> | undefined {
  const ifMatch = c.get("ifMatch");
  if (!ifMatch || ifMatch === noCondition) return undefined;
  return (row) => ifMatch(JSON.stringify(represent(row)));
}
