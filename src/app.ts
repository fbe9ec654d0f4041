import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { authenticate } from "./core/auth";
import { limitBody } from "./core/body";
import { corsHeaders } from "./core/cors";
import { handleError } from "./core/errors";
import { stripTrailingSlash } from "./core/http";
import { recordRequests } from "./core/metrics";
import { requestContext } from "./core/request-context";
import { createThrottleState } from "./core/security-counter";
import { securityHeaders } from "./core/security-headers";
import { anonScope, THROTTLE_HEADERS, throttle, userScope } from "./core/throttle";
import { routeReads } from "./db/read-routing";
import type { Deps } from "./deps";
import { apiRoutes } from "./features";
import { loadActiveUser, loadPersonalToken } from "./features/auth";
import { API_PATHS, exposedHeaders, mountRoutes } from "./route";

/** What an SPA on another origin may read: the chain's own headers, then the routes' declared. */
export const EXPOSED_HEADERS = exposedHeaders(apiRoutes, ["X-Request-ID", ...THROTTLE_HEADERS]);

/** Builds the whole app; dependencies arrive per request in `c.env.deps`. */
export function createApp() {
  const app = new Hono<AppEnv>({ getPath: stripTrailingSlash });

  app.use(recordRequests);
  app.use(requestContext);
  app.use(securityHeaders);
  app.use(
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
  );
  app.use(limitBody);
  app.use(
    authenticate((deps: Deps, id) => loadActiveUser(deps.database.db, id), loadPersonalToken),
  );
  app.use(routeReads);
  // Throttles (after authentication: users are counted by id, others by IP): every API request,
  // a route or not, in the default scopes; a route's own scopes (`throttle` on its definition)
  // inside those. One outage state (and fallback counters) for them all and the share guard.
  const throttleState = createThrottleState();
  const appFetch: AppEnv["Variables"]["appFetch"] = (req, env) => app.fetch(req, env);
  app.use(async (c, next) => {
    c.set("throttleState", throttleState);
    c.set("appFetch", appFetch);
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
