import { createHook } from "node:async_hooks";

/**
 * Keeps one of Node's own `process.nextTick` objects alive for the life of the process, so the
 * hidden classes (maps) V8 builds for them are never collected and rebuilt. Imported first by
 * the Node entry, before anything else runs.
 *
 * Why: Node 20 creates each tick as `{ [async_id_symbol]: id, [trigger_async_id_symbol]: id,
 * callback, args }`. V8 defines those computed keys through a feedback slot that turns
 * megamorphic for good the first time it sees a second map, and maps reached by a transition are
 * held weakly: when a garbage collection finds no live tick object (a busy start, PGlite's
 * allocations, gives it many chances), the next tick builds new, different maps. From then on
 * every tick (two per HTTP answer) goes through V8's runtime instead of optimized code: ~10 % of
 * the server's CPU on a cached read, the "slow state" of BENCHMARKS.md #38, which some processes
 * fell into and others did not. With one tick object alive the maps stay the same ones.
 *
 * The hook is enabled for one `nextTick` only: no async hook stays installed, so nothing is
 * added to any later tick or callback.
 */
export const keptTickObjects: object[] = [];

const hook = createHook({
  init(_asyncId, type, _triggerAsyncId, resource) {
    if (type === "TickObject" && keptTickObjects.length === 0) keptTickObjects.push(resource);
  },
});
hook.enable();
process.nextTick(() => {});
hook.disable();
