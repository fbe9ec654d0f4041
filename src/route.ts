import type { Context, ErrorHandler, Hono, MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./app-env";
import { requireStaff, requireUser } from "./core/auth";
import { ApiError, methodNotAllowed } from "./core/errors";
import { ETAG_HEADER, entityTags } from "./core/etag";
import { idempotency, REPLAYED_HEADER } from "./core/idempotency";
import { loadOnce } from "./core/lazy";
import type { RouteScope, TokenScope } from "./core/scope-names";
import { checkTokenScope } from "./core/scopes";
import { type ThrottleScope, throttle } from "./core/throttle";
import type { CoreEnv } from "./core/types";
import { type FieldChecks, validateBody, validateParams, validateQuery } from "./core/validate";
import { settleReads } from "./db/read-routing";

/** Who may call an operation: anyone (a token is optional), a signed-in user, or staff. */
export type Access = "public" | "bearer" | "staff";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface HeaderSpec {
  readonly description: string;
  readonly required?: boolean;
  readonly schema?: Readonly<Record<string, unknown>>;
}

/** One documented answer of an operation; no schema means an empty body (204, 205). */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly example?: unknown;
  readonly headers?: Readonly<Record<string, HeaderSpec>>;
  /** Extra media types served for the same status (e.g. the SSE variant of generation). */
  readonly alternatives?: Readonly<Record<string, MediaSpec>>;
}

export interface MediaSpec {
  readonly description?: string;
  readonly example?: unknown;
  /** A file (PDF, DOCX): documented as binary, which the reference page offers as a download. */
  readonly binary?: boolean;
  /** text/event-stream answers: each event's name and the schema of its JSON `data`. */
  readonly events?: Readonly<Record<string, z.ZodType>>;
}

/**
 * Everything about an operation but its handler: the mount (method, path), the policy applied
 * before the handler (`throttle`, `access`, validation of `query`, `body` and `params`), and what
 * the OpenAPI document, the `/api/` index, the typed client and CORS's exposed headers say about
 * it. Policy is a property of the operation, never a path list beside the routes.
 *
 * Per-route policy is one field each, read by `guards` below: `tokenScope` (what a personal
 * access token needs), `idempotent` (an `Idempotency-Key` replays the answer), `etag` (entity
 * tags and conditional requests).
 */
export type RouteSpec = RouteSpecBase & ScopeOfAccess;

/**
 * Who may call, and with which personal-token scope: required wherever a user is needed, so a
 * new operation cannot forget it (typecheck); staff operations are never a token's. A public
 * operation may still name one (generation: anonymous callers pass, a token needs `ai`).
 */
export type ScopeOfAccess =
  | { readonly access: "public"; readonly tokenScope?: TokenScope }
  | { readonly access: "bearer"; readonly tokenScope: RouteScope }
  | { readonly access: "staff"; readonly tokenScope: "session" };

export interface RouteSpecBase {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The documented path (trailing slash, `{id}` parameters), e.g. `/api/resumes/{id}/`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  /**
   * The scope a personal access token needs here (`x:write` covers `x:read`), or "session":
   * never a token (token management, the password, the account's deletion, staff). Required on
   * every operation that is not public (`ScopeOfAccess`), so a new one cannot forget it.
   */
  readonly tokenScope?: RouteScope;
  /**
   * A POST that creates, generates, imports or sends: an `Idempotency-Key` keeps its first
   * answer 24 h and replays it (core/idempotency.ts).
   */
  readonly idempotent?: boolean;
  /**
   * One resource's GET, PUT, PATCH or DELETE: the GET answers with a strong `ETag` (and 304 to
   * `If-None-Match`); a write checks `If-Match` in its transaction (core/etag.ts): the handler
   * hands `rowPrecondition(c, serializer)` down to the query that locks the row.
   */
  readonly etag?: boolean;
  /**
   * Throttle scopes counted before anything else of the operation, on top of the default ones
   * every `/api/` request is counted in (anon, user): one throttle over these scopes, so they
   * are counted together and the tightest answers.
   */
  readonly throttle?: readonly ThrottleScope[];
  /**
   * The path parameters (`{id}` in `path`), validated after the body, as the handler read them
   * before (`c.req.valid("param")`, typed); any failure is DRF's 404. Documented from the
   * schema's output (e.g. `idParams`: an integer >= 1).
   */
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Body fields checked against the database, reported beside the others' errors (DRF). */
  readonly checks?: FieldChecks<AppEnv>;
  readonly bodyExample?: unknown;
  /**
   * A body that is not JSON (a CSV file), read by the handler itself (through `bodyText`, so the
   * body cap holds): documented under its media type; the handler answers 415 for any other.
   */
  readonly rawBody?: { readonly mediaType: string; readonly example?: string };
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Statuses beyond the ones every operation gets (401/429/500, 400/413/415 with a body, ...). */
  readonly errors?: readonly number[];
  /** An entry of the `/api/` index: its name, and its path when not the operation's own. */
  readonly index?: { readonly name: string; readonly path?: string };
}

/** `/api/resumes/{id}/` as Hono routes it: `:id` parameters, no trailing slash (see http.ts). */
export type HonoPath<P extends string> = P extends `${infer A}{${infer K}}${infer R}`
  ? `${A}:${K}${HonoPath<R>}`
  : P;

type None = Record<never, never>;
type Validated<S extends RouteSpec> = (S["body"] extends z.ZodType
  ? { json: z.output<S["body"]> }
  : None) &
  (S["query"] extends z.ZodType ? { query: z.output<S["query"]> } : None) &
  (S["params"] extends z.ZodType ? { param: z.output<S["params"]> } : None);
type Sent<S extends RouteSpec> = (S["body"] extends z.ZodType
  ? { json: z.input<S["body"]> }
  : None) &
  (S["query"] extends z.ZodType ? { query: z.input<S["query"]> } : None);

/** The handler's context: `c.req.valid("json" | "query" | "param")` typed from the spec. */
export type RouteContext<S extends RouteSpec> = Context<
  AppEnv,
  HonoPath<S["path"]>,
  { in: Sent<S>; out: Validated<S> }
>;

export type RouteHandler<S extends RouteSpec> = (
  c: RouteContext<S>,
) => Response | Promise<Response>;

/** A mounted operation: its spec and its handler. */
export type Route<S extends RouteSpec> = S & { readonly handler: RouteHandler<S> };

/** Any operation, as lists of them hold it (the handler's context type is the route's own). */
export type AnyRoute = RouteSpec & { readonly handler: (c: never) => Response | Promise<Response> };

/**
 * One endpoint: the spec (kept with its literal types, which the typed client reads) and the
 * handler it mounts. Adding an endpoint is one `route()` in its feature's routes file.
 */
export const route = <const S extends RouteSpec>(spec: S, handler: RouteHandler<S>): Route<S> => ({
  ...spec,
  handler,
});

/**
 * What the app needs of an operation before its feature's module is loaded: its mount (method,
 * path), who may call it (the 405's guard) and the headers it exposes (CORS). The generated
 * manifest (src/features/lazy-routes.manifest.ts) holds one per operation of a lazy group.
 */
export interface RouteStub {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly access: Access;
  readonly etag?: boolean;
  readonly idempotent?: boolean;
  /** The headers its responses declare. */
  readonly headers?: readonly string[];
}

/**
 * Operations whose feature module loads with the first request to one of them (a dynamic
 * `import()`: its own module in the Worker build, not evaluated by a cold isolate). The stubs
 * mount them meanwhile; each one's own chain (guards, handler) is built from the loaded route.
 */
export interface LazyRoutes {
  readonly stubs: readonly RouteStub[];
  readonly load: () => Promise<readonly AnyRoute[]>;
}

/** An operation, or a group of them loaded on first use: what the app mounts. */
export type RouteEntry = AnyRoute | LazyRoutes;

export const lazyRoutes = (
  stubs: readonly RouteStub[],
  load: () => Promise<readonly AnyRoute[]>,
): LazyRoutes => ({ stubs, load: loadOnce(load) });

const isLazy = (e: RouteEntry): e is LazyRoutes => "stubs" in e && "load" in e;

/** The stub of a defined operation (what the manifest writes, and what its test compares). */
export function stubOf(r: RouteSpec): RouteStub {
  const headers = [
    ...new Set(Object.values(r.responses).flatMap((res) => Object.keys(res.headers ?? {}))),
  ];
  return {
    operationId: r.operationId,
    method: r.method,
    path: r.path,
    access: r.access,
    ...(r.etag ? { etag: true } : {}),
    ...(r.idempotent ? { idempotent: true } : {}),
    ...(headers.length > 0 ? { headers } : {}),
  };
}

/** Every operation's stub, the lazy groups' from their manifest, in the entries' order. */
export const stubsOf = (entries: readonly RouteEntry[]): RouteStub[] =>
  entries.flatMap((e) => (isLazy(e) ? e.stubs : [stubOf(e)]));

/** Every operation, the lazy groups loaded (the document, the index and the MCP tools). */
export async function loadRoutes(entries: readonly RouteEntry[]): Promise<AnyRoute[]> {
  const loaded = await Promise.all(entries.map((e) => (isLazy(e) ? e.load() : [e])));
  return loaded.flat();
}

type Mount = (method: string, path: string, ...handlers: MiddlewareHandler<AppEnv>[]) => unknown;

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/**
 * `{id}` becomes `:id`. A parameter followed by literal text in its segment (`{token}.ics`) is
 * matched as the whole segment ending in that text (Hono would read `:token.ics` as one name);
 * the value keeps the suffix, for the route's `params` schema to check and cut.
 */
const honoPath = (path: string): string => {
  const bare = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return bare
    .replace(/\{(\w+)\}([^/{]+)/g, (_, name: string, suffix: string) => {
      return `:${name}{[^/]+${suffix.replace(REGEX_SPECIAL, "\\$&")}}`;
    })
    .replace(/\{(\w+)\}/g, ":$1");
};

/**
 * A core middleware in the app: typed with the core's environment, which the app's extends
 * (Hono's Context is invariant in its environment, so TypeScript cannot see that on its own).
 */
const inApp = (mw: MiddlewareHandler<CoreEnv>) => mw as unknown as MiddlewareHandler<AppEnv>;

const ACCESS: Record<Access, MiddlewareHandler<AppEnv> | undefined> = {
  public: undefined,
  bearer: inApp(requireUser),
  staff: inApp(requireStaff),
};

/**
 * The read routing's pin lookup (started by `routeReads` before the throttles) is awaited after
 * the route's throttle, so the two store calls run side by side: a slow store costs a request
 * one timeout, not two (issue 17). Nothing but a route reads the database.
 */
const settle = settleReads as unknown as MiddlewareHandler<AppEnv>;

/** 403 for a personal token outside `scope` (sessions and anonymous requests pass). */
const requireScope =
  (scope: RouteScope): MiddlewareHandler<CoreEnv> =>
  (c, next) => {
    checkTokenScope(c.get("personalToken"), scope);
    return next();
  };

/**
 * What runs before the handler, built once per route: its throttle, then DRF's order:
 * permission, the query, the body, and last the path parameters (a bad id with a bad body is
 * the 400, as when the handler read the id).
 */
function guards(spec: RouteSpec): MiddlewareHandler<AppEnv>[] {
  const out: MiddlewareHandler<AppEnv>[] = [];
  if (spec.throttle) out.push(inApp(throttle([...spec.throttle])));
  out.push(settle);
  const access = ACCESS[spec.access];
  if (access) out.push(access);
  const scope = spec.tokenScope;
  if (scope) out.push(inApp(requireScope(scope)));
  if (spec.etag) out.push(inApp(entityTags));
  // Before validation: a refused body is an answer too, kept and replayed as any other.
  if (spec.idempotent) out.push(inApp(idempotency));
  if (spec.query) out.push(validateQuery<AppEnv>(spec.query));
  if (spec.body) out.push(validateBody<AppEnv>(spec.body, spec.checks));
  if (spec.params) out.push(validateParams<AppEnv>(spec.params));
  return out;
}

/**
 * What runs before a route's own guards: the app-wide middlewares (createApp), by path (the
 * default throttle is for `/api/` paths only).
 */
export type Before = (path: string) => readonly MiddlewareHandler<AppEnv>[];

/**
 * Mounts every route as one handler: the app-wide middlewares (`before`), its guards (built once,
 * here) and its handler, run by `chain`; and answers other methods on a known path with 405 and
 * `Allow`, as DRF does; OPTIONS lists the methods. Where every operation of a path needs the same
 * access, that check comes first, as DRF's permission check precedes dispatch.
 */
export function mountRoutes(
  app: Hono<AppEnv>,
  entries: readonly RouteEntry[],
  before: Before = () => [],
  onError?: ErrorHandler<AppEnv>,
): void {
  // Hono types each handler position of `on` separately; these chains are built at run time.
  const on = app.on as unknown as Mount;
  const ops = entries.flatMap((e) =>
    isLazy(e)
      ? e.stubs.map((stub) => ({ stub, steps: [loaded(e, stub, onError)] }))
      : [{ stub: stubOf(e), steps: [...guards(e), e.handler as unknown as Step] }],
  );
  const byPath = new Map<string, RouteStub[]>();
  for (const { stub } of ops)
    byPath.set(honoPath(stub.path), [...(byPath.get(honoPath(stub.path)) ?? []), stub]);
  // Literal paths (their routes, then their 405s) before parameter ones, whatever the order of
  // the list: `/api/resumes/import/` or `/api/job-applications/intake/` is never read as an `{id}`,
  // as DRF's router lists list-level routes before detail ones.
  const paths = [...byPath.keys()];
  for (const literal of [true, false]) {
    const mine = paths.filter((p) => p.includes(":") !== literal);
    for (const { stub, steps } of ops.filter((o) => mine.includes(honoPath(o.stub.path)))) {
      const path = honoPath(stub.path);
      on(stub.method.toUpperCase(), path, chain([...before(path), ...steps], onError));
    }
    for (const path of mine)
      on("ALL", path, chain([...before(path), ...otherMethods(byPath.get(path) ?? [])], onError));
  }
}

/**
 * A lazy operation's guards and handler: its group loaded and its chain built on the first
 * request (which waits for both), then called directly. A stub the loaded group does not define
 * as it says is a stale manifest: a 500, and test/unit/route-manifest.test.ts fails first.
 */
function loaded(group: LazyRoutes, stub: RouteStub, onError?: ErrorHandler<AppEnv>): Step {
  let run: MiddlewareHandler<AppEnv> | undefined;
  const build = async () => {
    const r = (await group.load()).find((x) => x.operationId === stub.operationId);
    if (!r || r.method !== stub.method || r.path !== stub.path)
      throw new Error(`route manifest out of date: ${stub.operationId}`);
    run = chain([...guards(r), r.handler as unknown as Step], onError);
    return run;
  };
  return (c, next) => (run ? run(c, next) : build().then((mw) => mw(c, next)));
}

const TERMINAL = new WeakSet<object>();

/** Whether a handler always answers (a `chain`): nothing mounted after it on its path runs. */
export const isTerminal = (handler: unknown): boolean =>
  typeof handler === "function" && TERMINAL.has(handler);

const DONE: Promise<void> = Promise.resolve();

/** A middleware, or a final handler (which may answer synchronously). */
export type Step = MiddlewareHandler<AppEnv> | ((c: Context<AppEnv>) => Response);

/**
 * Middlewares and a final handler as one handler that always answers, with Hono's `compose`
 * semantics (an answer returned is the response unless one is set; a thrown Error becomes
 * `onError`'s answer at that layer, so an outer middleware sees its status) without an async
 * layer per middleware: one that passes straight through (`return next()`) adds no promise. A
 * request matching one handler skips Hono's compose too (the router drops what follows a terminal
 * handler): a cached read went from 13 dispatched layers to one (BENCHMARKS.md #32).
 */
export function chain(
  mws: readonly Step[],
  onError?: ErrorHandler<AppEnv>,
): MiddlewareHandler<AppEnv> {
  const failed = (c: Context<AppEnv>, err: unknown): Promise<void> => {
    if (!(err instanceof Error) || !onError) return Promise.reject(err);
    c.error = err;
    return Promise.resolve(onError(err, c)).then((res) => {
      c.res = res;
    });
  };
  const keep = (c: Context<AppEnv>, res: unknown) => {
    if (res && !c.finalized) c.res = res as Response;
  };
  const step = (c: Context<AppEnv>, i: number): Promise<void> => {
    const mw = mws[i];
    if (!mw) return DONE;
    let inner: Promise<void> | undefined;
    let out: ReturnType<Step>;
    try {
      out = mw(c, () => {
        inner = step(c, i + 1);
        return inner;
      });
    } catch (err) {
      return failed(c, err);
    }
    if (inner !== undefined && out === inner) return inner;
    if (out instanceof Promise)
      return out.then(
        (res) => keep(c, res),
        (err) => failed(c, err),
      );
    keep(c, out);
    return DONE;
  };
  // Every layer done before returning (only then is the result `DONE`) with an answer: that
  // answer itself, which Hono's dispatch and the server adapter send without waiting for a
  // microtask. Hono's `H` takes either; its MiddlewareHandler type names only the promise.
  const run = ((c) => {
    const done = step(c, 0);
    return done === DONE && c.finalized ? c.res : done;
  }) as MiddlewareHandler<AppEnv>;
  TERMINAL.add(run);
  return run;
}

/** The answer to another method on a known path: 405 with `Allow` (OPTIONS: 204 with it). */
function otherMethods(ops: readonly RouteStub[]): MiddlewareHandler<AppEnv>[] {
  const methods = ops.flatMap((r) =>
    r.method === "get" ? ["GET", "HEAD"] : [r.method.toUpperCase()],
  );
  const allow = [...methods, "OPTIONS"].join(", ");
  const access = new Set(ops.map((r) => r.access));
  const guard = access.size === 1 ? ACCESS[ops[0]?.access ?? "public"] : undefined;
  const answer: MiddlewareHandler<AppEnv> = async (c) => {
    if (c.req.method === "OPTIONS") return c.body(null, 204, { Allow: allow });
    throw new ApiError(405, methodNotAllowed(c.req.method).body, { Allow: allow });
  };
  return guard ? [guard, answer] : [answer];
}

/**
 * The response headers a browser on another origin may read (CORS `Access-Control-Expose-
 * Headers`): those the middleware chain puts on any answer, then every header a route's
 * responses declare, once each in first-seen order. A new documented header is exposed with
 * no other edit.
 */
export function exposedHeaders(
  routes: readonly (RouteSpec | RouteStub)[],
  always: readonly string[],
): string[] {
  const out = new Set(always);
  for (const r of routes) {
    if (r.etag) out.add(ETAG_HEADER);
    if (r.idempotent) out.add(REPLAYED_HEADER);
  }
  for (const r of routes) {
    const stub = "responses" in r ? stubOf(r) : r;
    for (const name of stub.headers ?? []) out.add(name);
  }
  return [...out];
}

/**
 * Every API path, a route's or not (a 404 or 405 counts too): where the default throttle runs.
 * As Hono matched `/api/*`: `/api` itself (`/api/`, routed without the slash) and below.
 */
export const isApiPath = (path: string): boolean => path === "/api" || path.startsWith("/api/");

/** Every path: the app's catch-all after the routes (a 404, after the app-wide middlewares). */
export const ANY_PATH = "*";
