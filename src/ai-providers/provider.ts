/**
 * Port for AI text generation. One adapter per `api_provider` value makes exactly one attempt
 * and reports failures as `ProviderError`; retries, timeouts, the breaker and the key pool
 * live in resilience.ts, so both adapters get the same rules.
 */
export interface GenerateRequest {
  /** The provider's model id (`ai_aimodel.model_name`). */
  model: string;
  system: string;
  user: string;
  /** Empty for a keyless server (an `openai_compatible` model whose setting holds no key). */
  apiKey: string;
  /** The model's own server (`ai_aimodel.base_url`); only `openai_compatible` uses it. */
  baseUrl?: string;
  maxOutputTokens: number;
  signal: AbortSignal;
}

export interface GenerateResult {
  text: string;
  promptTokens?: number;
  completionTokens?: number;
}

export interface AiProvider {
  generate(req: GenerateRequest): Promise<GenerateResult>;
  /** Yields text as it arrives; the final usage numbers are returned when done. */
  stream(req: GenerateRequest): AsyncGenerator<string, GenerateResult | undefined>;
  /**
   * Loads what the adapter needs before its first call (its SDK, a dynamic import): local work,
   * not the provider's silence, so resilience.ts awaits it before any attempt's timer starts.
   */
  ready?(): Promise<void>;
}

export const PROVIDER_NAMES = ["google_gemini", "open_router", "openai_compatible"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Providers called without a key when the model's setting holds none (a local server needs none). */
export const KEY_OPTIONAL_PROVIDERS: readonly ProviderName[] = ["openai_compatible"];
/**
 * Key settings that belong to a hosted provider by their name (GEMINI_API_KEY, GOOGLE_API_KEYS,
 * OPENROUTER_API_KEY): an `openai_compatible` model, which sends its key to a server staff name,
 * never reads one (it would hand a production key to that server).
 */
const HOSTED_KEY_PREFIXES = ["GEMINI_", "GOOGLE_", "OPENROUTER_"];
export const HOSTED_PROVIDERS: readonly ProviderName[] = ["google_gemini", "open_router"];
export const isHostedKeyName = (name: string) =>
  HOSTED_KEY_PREFIXES.some((p) => name.toUpperCase().startsWith(p));

/** Providers that need the model's `base_url`. */
export const BASE_URL_PROVIDERS: readonly ProviderName[] = ["openai_compatible"];

/** Waiting and randomness, injected so tests never wait real backoff time. */
export interface AiTiming {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1), for jitter. */
  random(): number;
}

export type AiProviders = Record<ProviderName, AiProvider> & { timing?: AiTiming };

/**
 * What went wrong in one attempt, without the provider's text (which may echo the prompt):
 * `http` carries the status (and Retry-After in ms when the provider sent one); `invalid` is an
 * answer whose text is not a string, `oversized` one longer than AI_MAX_OUTPUT_CHARS (neither
 * is retried: the same server would answer the same again).
 */
export class ProviderError extends Error {
  constructor(
    readonly kind:
      | "http"
      | "network"
      | "timeout"
      | "aborted"
      | "empty"
      | "invalid"
      | "oversized"
      | "unconfigured",
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(status ? `provider ${kind} ${status}` : `provider ${kind}`);
    this.name = "ProviderError";
  }
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
