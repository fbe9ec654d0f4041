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
import {
  aiScope,
  aiWithModelScope,
  anonScope,
  loginIpScope,
  loginUsernameScope,
  passwordScope,
  throttle,
  userScope,
} from "./core/throttle";
import { routeReads, settleReads } from "./db/read-routing";
import type { Deps } from "./deps";
import { apiRoutes } from "./features";
import { AI_MODEL_HEADER } from "./features/ai/ai.serializers";
import { loadActiveUser } from "./features/auth/active-user";
import { sharePasswordScope } from "./features/shares/shares.throttle";
import { mountRoutes } from "./route";

export const EXPOSED_HEADERS = [
  "X-Request-ID",
  "X-Cache-Status",
  "Retry-After",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  // A download's file name (the typed client's `download`) and the model that answered.
  "Content-Disposition",
  AI_MODEL_HEADER,
];

/** Builds the whole app; dependencies arrive per request in `c.env.deps`. */
export function createApp() {
  const app = new Hono<AppEnv>({ getPath: stripTrailingSlash });

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
  // Throttles by path and method (after authentication: users are counted by id, others by IP).
  // One outage state (and fallback counters) for the app's throttles and the share-password guard.
  const throttleState = createThrottleState();
  app.use(async (c, next) => {
    c.set("throttleState", throttleState);
    await next();
  });
  app.use("/api/*", throttle([anonScope, userScope]));
  // Every answer a model writes (a resume, a tailored resume, a cover letter, a posting read with
  // a model) spends one AI budget.
  const aiThrottle = throttle([aiScope], { methods: ["POST"] });
  app.use("/api/ai/generate", aiThrottle);
  app.use("/api/job-applications/:id/tailor", aiThrottle);
  app.use("/api/job-applications/:id/cover-letter", aiThrottle);
  app.use("/api/job-applications/intake", throttle([aiWithModelScope], { methods: ["POST"] }));
  app.use("/api/auth/token", throttle([loginIpScope, loginUsernameScope], { methods: ["POST"] }));
  const passwordChecks = (method: string) => throttle([passwordScope], { methods: [method] });
  app.use("/api/auth/password/change", passwordChecks("POST"));
  app.use("/api/auth/me", passwordChecks("DELETE"));
  // Share links: password attempts per token and IP (wrong ones also per link and owner, see
  // shareGuard); the public page counts as /api/* does.
  app.use("/api/shared/*", throttle([sharePasswordScope]));
  app.use("/r/*", throttle([anonScope, userScope, sharePasswordScope]));
  app.use(settleReads);

  mountRoutes(app, apiRoutes);
  app.notFound((c) => c.json({ detail: "Not found." }, 404));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
