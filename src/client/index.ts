import { parseSseStream } from "./sse";
import type {
  ApiErrorBody,
  ApiResult,
  BodyOf,
  CoverLetterEvent,
  DataOf,
  DownloadedFile,
  GenerateEvent,
  Method,
  PathOf,
  RequestOptions,
  RouteOf,
  TokenStore,
} from "./types";

export { parseSseStream, type SseEvent } from "./sse";
export type * from "./types";

export interface ClientOptions {
  /** The API origin, e.g. `https://api.example.com` (no trailing `/api`). */
  baseUrl: string;
  /** Where tokens live; defaults to memory. */
  tokens?: TokenStore;
  /**
   * A personal access token (`rsm_pat_...`) for scripts and agents: sent on every call instead
   * of the session's, never refreshed (create one with `POST /api/auth/tokens/`).
   */
  personalToken?: string;
  /** Called when the refresh token is rejected: send the user to the login page. */
  onSessionExpired?: () => void;
  fetch?: typeof fetch;
}

/** Keeps the session in memory (safest against XSS; a reload asks to log in again). */
export function memoryTokenStore(): TokenStore {
  let tokens: { access: string; refresh: string } | null = null;
  return {
    get: () => tokens,
    set: (t) => {
      tokens = t;
    },
  };
}

type Init<M extends Method, P extends string> = RequestOptions<M, P>;
type Loose = {
  params?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  idempotencyKey?: string;
  ifMatch?: string;
  ifNoneMatch?: string;
};

/** A fresh key for `idempotencyKey`: keep it for every retry of the same operation. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

/** The policy headers a call's options ask for. */
function policyHeaders(o: Loose): Record<string, string> {
  const out: Record<string, string> = {};
  if (o.idempotencyKey !== undefined) out["Idempotency-Key"] = o.idempotencyKey;
  if (o.ifMatch !== undefined) out["If-Match"] = o.ifMatch;
  if (o.ifNoneMatch !== undefined) out["If-None-Match"] = o.ifNoneMatch;
  return out;
}

/**
 * A typed fetch client for ResuMate: paths, bodies and answers are checked against the route
 * table the server documents and validates with. Signed-in calls carry the access token; on a
 * 401 the client refreshes once (keeping the refresh token, or taking the rotated one) and repeats the call.
 */
export function createResumateClient(options: ClientOptions) {
  const tokens = options.tokens ?? memoryTokenStore();
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // `(?<!\/)`: a run of slashes is tried where it starts only, so this stays linear.
  const base = options.baseUrl.replace(/(?<!\/)\/+$/, "");
  let refreshing: Promise<boolean> | null = null;

  function url(path: string, o: Loose): string {
    const filled = path.replace(/\{(\w+)\}/g, (_, k: string) =>
      encodeURIComponent(String(o.params?.[k])),
    );
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(o.query ?? {}))
      if (v !== undefined && v !== null) q.set(k, String(v));
    const qs = q.toString();
    return `${base}${filled}${qs ? `?${qs}` : ""}`;
  }

  async function send(method: string, path: string, o: Loose, accept = "application/json") {
    const headers: Record<string, string> = { Accept: accept, ...policyHeaders(o), ...o.headers };
    if (options.personalToken) {
      headers.Authorization = `Bearer ${options.personalToken}`;
      return doFetch(url(path, o), requestInit(method, headers, o));
    }
    const access = tokens.get()?.access;
    if (access) headers.Authorization = `Bearer ${access}`;
    const init = requestInit(method, headers, o);
    const res = await doFetch(url(path, o), init);
    if (res.status !== 401 || !access || !(await refresh())) return res;
    headers.Authorization = `Bearer ${tokens.get()?.access ?? ""}`;
    return doFetch(url(path, o), init);
  }

  function requestInit(method: string, headers: Record<string, string>, o: Loose): RequestInit {
    if (o.body !== undefined) headers["Content-Type"] = "application/json";
    const init: RequestInit = { method: method.toUpperCase(), headers };
    if (o.body !== undefined) init.body = JSON.stringify(o.body);
    if (o.signal) init.signal = o.signal;
    return init;
  }

  /** One refresh at a time: parallel 401s wait for the same refresh. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = tokens.get();
      if (!current) return false;
      const res = await doFetch(`${base}/api/auth/token/refresh/`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh: current.refresh }),
      });
      if (!res.ok) {
        tokens.set(null);
        options.onSessionExpired?.();
        return false;
      }
      // Without rotation (simplejwt's default) the answer is `{access}`: keep the refresh token.
      const next = (await res.json()) as { access: string; refresh?: string };
      tokens.set({ access: next.access, refresh: next.refresh ?? current.refresh });
      return true;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function request<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    ...[init]: OptionalInit<M, P>
  ): Promise<ApiResult<DataOf<RouteOf<M, P>>>> {
    const res = await send(method, path, (init ?? {}) as Loose);
    const text = await res.text();
    const body: unknown = text ? JSON.parse(text) : null;
    return res.ok
      ? { ok: true, status: res.status, data: body as DataOf<RouteOf<M, P>>, response: res }
      : { ok: false, status: res.status, error: body as ApiErrorBody, response: res };
  }

  return {
    tokens,
    request,
    get: <P extends PathOf<"get">>(path: P, ...init: OptionalInit<"get", P>) =>
      request("get", path, ...init),
    post: <P extends PathOf<"post">>(path: P, ...init: OptionalInit<"post", P>) =>
      request("post", path, ...init),
    put: <P extends PathOf<"put">>(path: P, ...init: OptionalInit<"put", P>) =>
      request("put", path, ...init),
    patch: <P extends PathOf<"patch">>(path: P, ...init: OptionalInit<"patch", P>) =>
      request("patch", path, ...init),
    delete: <P extends PathOf<"delete">>(path: P, ...init: OptionalInit<"delete", P>) =>
      request("delete", path, ...init),

    /** Logs in and keeps the pair in the token store. */
    async login(username: string, password: string) {
      const res = await request("post", "/api/auth/token/", { body: { username, password } });
      if (res.ok) tokens.set(res.data);
      return res;
    },

    /** Revokes the refresh token on the server and forgets the session. */
    async logout() {
      const current = tokens.get();
      if (current) await send("post", "/api/auth/logout/", { body: { refresh: current.refresh } });
      tokens.set(null);
    },

    /**
     * Downloads an export (`/api/resumes/{id}/export/`...): the file as a Blob, with the name
     * the server gave it (`filename*`, else `filename`). Errors come back as for JSON calls.
     */
    async download<P extends DownloadPath>(
      path: P,
      ...[init]: OptionalInit<"get", P>
    ): Promise<ApiResult<DownloadedFile>> {
      const res = await send("get", path, (init ?? {}) as Loose, "*/*");
      if (!res.ok) {
        const text = await res.text();
        const error = (text ? JSON.parse(text) : {}) as ApiErrorBody;
        return { ok: false, status: res.status, error, response: res };
      }
      const contentType = res.headers.get("content-type") ?? "application/octet-stream";
      const filename = filenameOf(res.headers.get("content-disposition"));
      const data = { blob: await res.blob(), filename, contentType };
      return { ok: true, status: res.status, data, response: res };
    },

    /**
     * Streams a generation (`Accept: text/event-stream`). Errors before the stream starts
     * (validation, 401, 429 daily limit) come back as an `ApiResult` failure instead.
     */
    generateStream(
      body: { model: string; user_input: string; title?: string },
      init: { signal?: AbortSignal } = {},
    ) {
      return openStream<GenerateEvent>("/api/ai/generate/", { body, ...init });
    },

    /** Streams a tailored resume of an application (`done`: the new `resume_id`), as above. */
    tailorStream: (
      applicationId: number,
      body: BodyOf<RouteOf<"post", "/api/job-applications/{id}/tailor/">>,
      init: { signal?: AbortSignal } = {},
    ) =>
      openStream<GenerateEvent>(`/api/job-applications/${applicationId}/tailor/`, {
        body,
        ...init,
      }),

    /** Streams a cover letter for an application (`done`: the letter's `id`), as above. */
    coverLetterStream: (
      applicationId: number,
      body: BodyOf<RouteOf<"post", "/api/job-applications/{id}/cover-letter/">>,
      init: { signal?: AbortSignal } = {},
    ) =>
      openStream<CoverLetterEvent>(`/api/job-applications/${applicationId}/cover-letter/`, {
        body,
        ...init,
      }),

    /** Resumes a generation's stream from its id (see `resumeStream`). */
    resumeGeneration: (
      generationId: string,
      init: { lastEventId?: string; signal?: AbortSignal } = {},
    ) => resumeStream<GenerateEvent | CoverLetterEvent>(generationId, init),
  };

  /**
   * A generation's events again (`GET /api/ai/generations/{id}/stream/`): those after
   * `lastEventId` (`<generation_id>:<n>`, the `id:` of the last event you have; all without it),
   * then the live ones until `done` or `error`; resumed by itself as the streams above are.
   */
  function resumeStream<E>(
    generationId: string,
    init: { lastEventId?: string; signal?: AbortSignal } = {},
  ) {
    const o: Loose = {
      params: { id: generationId },
      headers: init.lastEventId ? { "Last-Event-ID": init.lastEventId } : {},
      ...(init.signal ? { signal: init.signal } : {}),
    };
    return openStream<E>("/api/ai/generations/{id}/stream/", o, "get");
  }

  /**
   * The events of one answer; when the connection drops before `done` or `error`, the rest is
   * asked for again with `Last-Event-ID` (the generation runs on on the server, and is saved
   * once), up to MAX_RESUMES times in a row, waiting a little longer each time.
   */
  async function* resumingEvents<E>(
    body: ReadableStream<Uint8Array>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<E> {
    let lastId: string | undefined;
    for (let tries = 0; ; ) {
      try {
        for await (const e of parseSseStream(body)) {
          if (e.id) lastId = e.id;
          tries = 0;
          yield { event: e.event, data: JSON.parse(e.data) } as E;
          if (e.event !== "chunk") return;
        }
      } catch (err) {
        if (signal?.aborted) throw err;
      }
      const generationId = lastId?.slice(0, lastId.lastIndexOf(":"));
      if (!generationId || tries >= MAX_RESUMES) throw new Error("The stream was lost.");
      tries += 1;
      await new Promise((r) => setTimeout(r, RESUME_DELAY_MS * tries));
      const again = await send(
        "get",
        "/api/ai/generations/{id}/stream/",
        {
          params: { id: generationId },
          headers: { "Last-Event-ID": lastId ?? "" },
          ...(signal ? { signal } : {}),
        },
        "text/event-stream",
      );
      if (!again.ok || !again.body)
        throw new Error(`The stream could not be resumed (${again.status}).`);
      body = again.body;
    }
  }

  async function openStream<E>(
    path: string,
    o: Loose,
    method: "get" | "post" = "post",
  ): Promise<ApiResult<AsyncGenerator<E>>> {
    const res = await send(method, path, o, "text/event-stream");
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !type.startsWith("text/event-stream") || !res.body) {
      const text = await res.text();
      return {
        ok: false,
        status: res.status,
        error: (text ? JSON.parse(text) : {}) as ApiErrorBody,
        response: res,
      };
    }
    const data = resumingEvents<E>(res.body, o.signal);
    return { ok: true, status: res.status, data, response: res };
  }
}

/** How often in a row a dropped stream is resumed, and the first wait before it (then 2x, 3x...). */
const MAX_RESUMES = 5;
const RESUME_DELAY_MS = 200;

/** The paths that answer a file. */
type DownloadPath = Extract<PathOf<"get">, `${string}/export/`>;

/** The file name of a `Content-Disposition` (RFC 6266: `filename*` first). */
function filenameOf(header: string | null): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? "");
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(header ?? "")?.[1] || "download";
}

type OptionalInit<M extends Method, P extends string> =
  Record<never, never> extends Init<M, P> ? [Init<M, P>?] : [Init<M, P>];

export type ResumateClient = ReturnType<typeof createResumateClient>;
