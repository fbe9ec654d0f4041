import { Hono } from "hono";
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
import { apiRoutes } from "./features";
import { loadActiveUser } from "./features/auth/active-user";
import { API_PATHS, exposedHeaders, mountRoutes } from "./route";

/** What an SPA on another origin may read: the chain's own headers, then the routes' declared. */
export const EXPOSED_HEADERS = exposedHeaders(apiRoutes, ["X-Request-ID", ...THROTTLE_HEADERS]);

/** Builds the whole app; dependencies arrive per request in `c.env.deps`. */
export function createApp() {
  const app = new Hono<AppEnv>({ getPath: stripTrailingSlash, router: new CachedRouter() });

  app.use(recordRequests);
  app.use(requestContext);
  app.use(securityHeaders);
  app.use(
    corsHeaders({
      origin: (origin, c) => (c.env.deps.config.CORS_ORIGINS.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "Accept", "X-Request-ID", "X-Share-Password"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
  );
  app.use(limitBody);
  app.use(authenticate((deps: Deps, id) => loadActiveUser(deps.database.db, id)));
  app.use(routeReads);
  // Throttles (after authentication: users are counted by id, others by IP): every API request,
  // a route or not, in the default scopes; a route's own scopes (`throttle` on its definition)
  // inside those. One outage state (and fallback counters) for them all and the share guard.
  const throttleState = createThrottleState();
  app.use(async (c, next) => {
    c.set("throttleState", throttleState);
    await next();
  });
  app.use(API_PATHS, throttle([anonScope, userScope]));

  // Each route's chain: its own throttle, settling the read routing, access, validation.
  mountRoutes(app, apiRoutes);
  app.notFound((c) => c.json({ detail: "Not found." }, 404));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
