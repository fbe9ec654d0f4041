import worker, { type WorkerEnv } from "./worker";
import type { WorkerContext } from "./worker-deps";

/**
 * The Worker as `wrangler dev` runs it (scripts/build-worker.ts picks this entry for dev only).
 * wrangler's own bundling wraps a dev Worker in middleware that reads whatever request body the
 * Worker left unread (local workerd otherwise resets the connection while a client is still
 * sending, e.g. a chunked upload answered 413); the build uploads our modules as they are, so
 * the same draining is done here. A deployed Worker needs none: Cloudflare's edge does it.
 */
async function drain(req: Request): Promise<void> {
  try {
    if (req.body === null || req.bodyUsed) return;
    const reader = req.body.getReader();
    while (!(await reader.read()).done) {}
  } catch {
    // The client went away: nothing left to drain.
  }
}

export default {
  ...worker,
  async fetch(req: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    try {
      return await worker.fetch(req, env, ctx);
    } finally {
      await drain(req);
    }
  },
};
