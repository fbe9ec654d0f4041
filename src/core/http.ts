import type { Context } from "hono";
import { getPath } from "hono/utils/url";
import * as z from "zod";
import type { CoreEnv } from "./types";

/**
 * Paths work with and without the trailing slash: routing sees the path without it, so every
 * method matches both forms and no redirect (which would drop a POST body) is ever sent.
 */
export const stripTrailingSlash = (req: Request): string => {
  const path = getPath(req);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
};

const JSON_TYPE = { "Content-Type": "application/json" } as const;

/**
 * Already serialised JSON as the response. Other headers go through the request's header bag:
 * with Content-Type alone Hono hands the Response a plain header object, with two or more it
 * builds a `Headers` (X-Cache-Status beside Content-Type cost the cached GETs 10-17% of their
 * throughput, see BENCHMARKS.md #12).
 */
export function jsonText<E extends CoreEnv>(
  c: Context<E>,
  text: string,
  headers: Readonly<Record<string, string>> = {},
) {
  const bag = c.env.headers;
  for (const name in headers) bag.set(name, headers[name] as string);
  return c.body(text, 200, JSON_TYPE);
}

/**
 * A primary key in a path. DRF answers 404 for ids that cannot be one ("abc", "-1", "1e3", too
 * large): the route's `params` validation turns any failure into that 404. Up to 19 digits, as
 * a bigint column holds; past 2^53 `Number` rounds to a value that is no safe integer, so the
 * pipe refuses it. Documented (output) as `{type: integer, minimum: 1}`.
 */
export const pathId = z
  .string()
  .regex(/^\d{1,19}$/)
  .transform(Number)
  .pipe(z.int().min(1));

/** The `{id}` of a path, typed as a number: `params: idParams`, then `c.req.valid("param").id`. */
export const idParams = z.object({ id: pathId });
