import type { z } from "zod";

/** Who may call an operation: anyone (a token is optional), a signed-in user, or staff. */
export type Access = "public" | "bearer" | "staff";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface HeaderSpec {
  readonly description: string;
  readonly required?: boolean;
  readonly schema?: Readonly<Record<string, unknown>>;
}

/** One documented answer of an operation; no schema means an empty body (204, 205). */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly example?: unknown;
  readonly headers?: Readonly<Record<string, HeaderSpec>>;
  /** Extra media types served for the same status (e.g. the SSE variant of generation). */
  readonly alternatives?: Readonly<Record<string, MediaSpec>>;
}

export interface MediaSpec {
  readonly description?: string;
  readonly example?: unknown;
  /** OpenAPI extension: schemas of each event's `data` for text/event-stream answers. */
  readonly events?: Readonly<Record<string, z.ZodType>>;
}

/**
 * One row of the route table: everything the OpenAPI document and the typed client know about an
 * operation. `body` and `query` are the very schemas the handlers validate with.
 */
export interface RouteSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The documented path (trailing slash, `{id}` parameters), e.g. `/api/resumes/{id}/`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly bodyExample?: unknown;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Statuses beyond the ones every operation gets (401/429/500, 400/413/415 with a body, ...). */
  readonly errors?: readonly number[];
}

/** Keeps the literal types of a route (method, path, schemas) for the typed client. */
export const defineRoute = <const R extends RouteSpec>(route: R): R => route;
