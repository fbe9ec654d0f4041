/**
 * A module loaded with a dynamic `import()` on first use, not with the app: what only a few
 * requests need (the renderers, the AI SDKs, the docs page's assets, the HTML parser) stays out
 * of a cold Worker isolate's start-up, where the build (scripts/build-worker.ts) gives each such
 * module a file of its own (BENCHMARKS.md #26). The promise is kept (an `import()` per call costs
 * ~1.6 ms under tsx's loader, #25); a failed load is tried again by the next call.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}
