import { ProviderError, parseRetryAfter } from "./provider";

interface WithStatus {
  status?: unknown;
  headers?: { get?(name: string): string | null };
}

/**
 * Maps whatever an SDK threw to a ProviderError. The caller's signal decides "aborted" first
 * (SDKs word aborts differently); an error with an HTTP status is `http`; anything else (DNS,
 * reset, a garbled answer) is `network`, which is retried.
 */
export function classifyError(err: unknown, signal: AbortSignal, now = Date.now()): ProviderError {
  if (signal.aborted) return new ProviderError("aborted");
  if (err instanceof ProviderError) return err;
  if (err instanceof Error && err.cause instanceof ProviderError) return err.cause;
  const e = (typeof err === "object" && err !== null ? err : {}) as WithStatus;
  if (typeof e.status === "number" && e.status >= 400) {
    const header = typeof e.headers?.get === "function" ? e.headers.get("retry-after") : undefined;
    return new ProviderError("http", e.status, parseRetryAfter(header, now));
  }
  return new ProviderError("network");
}
