import { createRouter } from "../../core/http";
import { linkBase } from "../../core/public-url";

/** Liveness, readiness and the API root (DRF's browsable index, as JSON). */
export const opsRoutes = createRouter()
  .get("/health", (c) => c.json({ status: "ok" }))
  .get("/ready", async (c) => {
    const { database, kv, config } = c.env.deps;
    const checks: Record<string, "ok" | "error"> = {};
    const probe = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
        checks[name] = "ok";
      } catch (err) {
        checks[name] = "error";
        c.get("logger").warn("readiness check failed", { check: name, error: (err as Error).name });
      }
    };
    await Promise.all([
      probe("database", () => database.ping()),
      config.UPSTASH_REDIS_REST_URL ? probe("cache", () => kv.ping()) : Promise.resolve(),
    ]);
    const ok = Object.values(checks).every((v) => v === "ok");
    return c.json({ status: ok ? "ok" : "unavailable", checks }, ok ? 200 : 503);
  })
  .get("/api", (c) => {
    const base = linkBase(c);
    const paths: Record<string, string> = {
      auth: "/api/auth/",
      resumes: "/api/resumes/",
      "job-applications": "/api/job-applications/",
      "example-job-applications": "/api/example-job-applications/",
      "ai-models": "/api/ai/models/",
      "ai-generate": "/api/ai/generate/",
      "ai-usage": "/api/ai/usage/",
      "admin-ai-models": "/api/admin/ai-models/",
      openapi: "/api/openapi.json",
      docs: "/api/docs/",
    };
    return c.json(Object.fromEntries(Object.entries(paths).map(([k, p]) => [k, `${base}${p}`])));
  });
