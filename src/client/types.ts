import type { z } from "zod";
import type { ApiRoutes } from "../features";

/**
 * Types of the typed client, derived from the route definitions: the request body is what the
 * validating schema produces (`z.output`: e.g. `string` for a DRF CharField, whose input side is
 * `unknown` because it coerces numbers) with omittable keys optional; the response is what the
 * documented schema describes.
 */
export type Route = ApiRoutes[number];
export type Method = Route["method"];
export type PathOf<M extends Method> = Extract<Route, { method: M }>["path"];
export type RouteOf<M extends Method, P extends string> = Extract<Route, { method: M; path: P }>;

type SchemaOut<S> = S extends z.ZodType ? z.output<S> : never;

type OptionalKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never;
}[keyof T];
/** Output types, but keys the schema lets a client omit (optional, defaulted) stay optional. */
type Sendable<S extends z.ZodType> = {
  [K in Exclude<keyof z.output<S>, OptionalKeys<z.input<S>>>]: z.output<S>[K];
} & { [K in Extract<keyof z.output<S>, OptionalKeys<z.input<S>>>]?: z.output<S>[K] };

export type BodyOf<R> = R extends { body: infer S extends z.ZodType } ? Sendable<S> : undefined;
export type QueryOf<R> = R extends { query: infer S }
  ? { [K in keyof SchemaOut<S>]?: SchemaOut<S>[K] | number | boolean }
  : undefined;

type ParamNames<P extends string> = P extends `${string}{${infer K}}${infer Rest}`
  ? K | ParamNames<Rest>
  : never;
export type ParamsOf<P extends string> = [ParamNames<P>] extends [never]
  ? undefined
  : { [K in ParamNames<P>]: number | string };

type Responses<R> = R extends { responses: infer Rs } ? Rs : never;
type SuccessStatus = 200 | 201 | 202 | 204 | 205;
type DataAt<R, S> = S extends keyof Responses<R>
  ? Responses<R>[S] extends { schema: infer Z }
    ? SchemaOut<Z>
    : null
  : never;
export type DataOf<R> = DataAt<R, Extract<keyof Responses<R>, SuccessStatus>>;

/** DRF-style error bodies: field messages, `{detail, code?}`, or the AI service's `{error}`. */
export type ApiErrorBody =
  | Record<string, string[]>
  | { detail: string; code?: string; messages?: unknown[] }
  | { error: string };

export type ApiResult<T> =
  | { ok: true; status: number; data: T; response: Response }
  | { ok: false; status: number; error: ApiErrorBody; response: Response };

/** `Idempotency-Key` on the operations that keep and replay their first answer. */
type IdempotencyOf<R> = R extends { idempotent: true }
  ? {
      /** Retry with the same key: the first answer comes back (`response` says `Idempotent-Replayed`). */
      idempotencyKey?: string;
    }
  : { idempotencyKey?: undefined };
/** Preconditions on the operations of one resource with entity tags. */
type PreconditionsOf<M, R> = R extends { etag: true }
  ? M extends "get"
    ? {
        /** The ETag you hold: a 304 (`ok: false`, status 304) while it is current. */
        ifNoneMatch?: string;
        ifMatch?: undefined;
      }
    : {
        /** The ETag you read: 412 and nothing changed when the resource moved on. */
        ifMatch?: string;
        ifNoneMatch?: undefined;
      }
  : { ifMatch?: undefined; ifNoneMatch?: undefined };

/** Everything but the body and the query is optional; required keys follow the route. */
export type RequestOptions<M extends Method, P extends string> = {
  headers?: Record<string, string>;
  signal?: AbortSignal;
} & IdempotencyOf<RouteOf<M, P>> &
  PreconditionsOf<M, RouteOf<M, P>> &
  (ParamsOf<P> extends undefined ? { params?: undefined } : { params: ParamsOf<P> }) &
  (BodyOf<RouteOf<M, P>> extends undefined
    ? { body?: undefined }
    : { body: BodyOf<RouteOf<M, P>> }) &
  (QueryOf<RouteOf<M, P>> extends undefined
    ? { query?: undefined }
    : { query?: QueryOf<RouteOf<M, P>> });

/** A downloaded file: its body, the name the server gave it and its media type. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
  contentType: string;
}

/** Where the client keeps the session (memory by default; an SPA may persist it). */
export interface TokenStore {
  get(): { access: string; refresh: string } | null;
  set(tokens: { access: string; refresh: string } | null): void;
}

/**
 * One server-sent event of a streamed AI answer (`data` already parsed); `done` says what was
 * saved and which model served it.
 */
export type StreamEvent<Done> =
  | { event: "chunk"; data: { text: string } }
  | { event: "done"; data: Done }
  | { event: "error"; data: { error: string } };
/** Generation and tailoring save a resume. */
export type GenerateEvent = StreamEvent<{
  resume_id: number;
  model: string;
  generation_id: string;
}>;
export type CoverLetterEvent = StreamEvent<{ id: number; model: string; generation_id: string }>;
