import { AiCallError, generateAi } from "../../ai/resilience";
import { currentUser, requireUser } from "../../core/auth";
import { cacheAsideJson, cachedEnvelopeResponse } from "../../core/cache";
import { aiUnavailable } from "../../core/errors";
import { createRouter } from "../../core/http";
import { validate } from "../../core/validate";
import { listActiveModels, usageForDay } from "./ai.queries";
import { generateRequestSchema, type UsageResponse } from "./ai.schemas";
import {
  aiParts,
  failGeneration,
  MODELS_CACHE_KEY,
  modelCheck,
  nextUtcMidnight,
  prepareGeneration,
  saveGeneration,
  toPublicModel,
  utcDay,
} from "./ai.service";
import { streamGeneration, wantsStream } from "./ai.stream";

/** Public model list, resume generation (JSON or SSE) and the caller's daily use. */
export const aiRoutes = createRouter()
  .get("/models", async (c) => {
    const { deps } = c.env;
    const cached = await cacheAsideJson(
      { kv: deps.kv, logger: c.get("logger"), waitUntil: deps.waitUntil },
      MODELS_CACHE_KEY,
      deps.config.MODELS_CACHE_SECONDS,
      async () => (await listActiveModels(deps.database.reader)).map(toPublicModel),
    );
    return cachedEnvelopeResponse(c, cached);
  })
  .post("/generate", validate(generateRequestSchema, "json", { model: modelCheck }), async (c) => {
    const { deps } = c.env;
    const facts = { user: c.get("user"), clientIp: c.get("clientIp"), logger: c.get("logger") };
    const gen = await prepareGeneration(deps, facts, c.req.valid("json"));
    if (wantsStream(c)) return streamGeneration(c, gen);
    let result: Awaited<ReturnType<typeof generateAi>>;
    try {
      result = await generateAi(
        aiParts(deps, c.get("logger")),
        gen.target,
        gen.prompt,
        c.req.raw.signal,
      );
    } catch (err) {
      await failGeneration(deps, gen, err instanceof AiCallError ? err : undefined);
      if (!(err instanceof AiCallError)) throw err;
      throw aiUnavailable();
    }
    const resumeId = await saveGeneration(deps, gen, result);
    return c.json({ resume_id: resumeId, content: result.text }, 201);
  })
  .get("/usage", requireUser, async (c) => {
    const { deps } = c.env;
    const user = currentUser(c);
    const now = deps.clock.now();
    const day = utcDay(now);
    const rows = await usageForDay(deps.database.db, `user:${user.id}`, day);
    const body: UsageResponse = {
      date: day,
      resets_at: new Date(nextUtcMidnight(now)).toISOString(),
      models: rows.map((r) => ({
        model_name: r.displayName,
        daily_limit: r.dailyLimit,
        used: r.used,
        remaining: r.dailyLimit > 0 ? Math.max(0, r.dailyLimit - r.used) : null,
      })),
    };
    return c.json(body);
  });
