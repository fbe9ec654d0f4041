import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { H, RouterRoute } from "hono/types";
import type { AppEnv } from "./app-env";
import { authenticate } from "./core/auth";
import { limitBody } from "./core/body";
import { corsHeaders } from "./core/cors";
import { handleError } from "./core/errors";
import { stripTrailingSlash } from "./core/http";
import { recordRequests } from "./core/metrics";
import { requestContext } from "./core/request-context";
import { CachedRouter } from "./core/router-cache";
import { createThrottleState } from "./core/security-counter";
import { securityHeaders } from "./core/security-headers";
import { anonScope, THROTTLE_HEADERS, throttle, userScope } from "./core/throttle";
import { routeReads } from "./db/read-routing";
import type { Deps } from "./deps";
import { appRoutes } from "./features/app-routes";
import { loadActiveUser, loadPersonalToken } from "./features/auth";
import {
  ANY_PATH,
  chain,
  exposedHeaders,
  isApiPath,
  isTerminal,
  mountRoutes,
  stubsOf,
} from "./route";

/** What an SPA on another origin may read: the chain's own headers, then the routes' declared. */
export const EXPOSED_HEADERS = exposedHeaders(stubsOf(appRoutes), [
  "X-Request-ID",
  ...THROTTLE_HEADERS,
]);

/** Loads every lazily mounted feature (the Node entry, before it reports ready). */
export { allRoutes as loadAllRoutes } from "./features/app-routes";

/** Hono's router entries: the handler, and Hono's note of where it was mounted. */
type Entry = [H, RouterRoute];

/** Builds the whole app; dependencies arrive per request in `c.env.deps`. */
export function createApp() {
  const app = new Hono<AppEnv>({
    getPath: stripTrailingSlash,
    router: new CachedRouter<Entry>((entry) => isTerminal(entry[0])),
  });

  // Throttles (after authentication: users are counted by id, others by IP): every API request,
  // a route or not, in the default scopes; a route's own scopes (`throttle` on its definition)
  // inside those. One outage state (and fallback counters) for them all and the share guard.
  const throttleState = createThrottleState();
  // The app itself, for the MCP tools (each call runs through its REST route's whole chain).
  const appFetch: AppEnv["Variables"]["appFetch"] = (req, env) => app.fetch(req, env);
  const apiThrottle = throttle([anonScope, userScope]) as unknown as MiddlewareHandler<AppEnv>;
  /**
   * What runs before any route's own chain, in this order, for every request (a route, a 405, a
   * 404). Not `app.use` layers: each route is mounted as one handler that runs these, then its
   * own guards and handler (`chain` in route.ts), one dispatch instead of one per layer; an
   * app-wide middleware goes in this list.
   */
  const common: MiddlewareHandler<AppEnv>[] = [
    recordRequests,
    requestContext,
    securityHeaders,
    corsHeaders({
      origin: (origin, c) => (c.env.deps.config.CORS_ORIGINS.includes(origin) ? origin : null),
      allowHeaders: [
        "Authorization",
        "Content-Type",
        "Accept",
        "X-Request-ID",
        "X-Share-Password",
        "Idempotency-Key",
        "If-Match",
        "If-None-Match",
        // A resumed generation stream (`GET /api/ai/generations/{id}/stream/`).
        "Last-Event-ID",
        // MCP clients in a browser (`POST /mcp`) send the negotiated protocol version.
        "Mcp-Protocol-Version",
      ],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
    limitBody,
    authenticate((deps: Deps, id) => loadActiveUser(deps.database.db, id), loadPersonalToken),
    routeReads,
    (c, next) => {
      c.set("throttleState", throttleState);
      c.set("appFetch", appFetch);
      return next();
    },
  ] as MiddlewareHandler<AppEnv>[];
  const withApi = [...common, apiThrottle];
  const before = (path: string) => (isApiPath(path) ? withApi : common);

  // Each route's chain: the above, its own throttle, settling the read routing, access, validation.
  mountRoutes(app, appRoutes, before, handleError);
  // Any other path: the same middlewares, then the 404 (the default throttle on API paths too).
  const notFound = (c: Context<AppEnv>): Response => c.json({ detail: "Not found." }, 404);
  const apiOnly: MiddlewareHandler<AppEnv> = (c, next) =>
    isApiPath(c.req.path) ? apiThrottle(c, next) : next();
  app.all(ANY_PATH, chain([...common, apiOnly, notFound], handleError));
  app.notFound(notFound);
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
