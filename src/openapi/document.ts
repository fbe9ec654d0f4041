import type { z } from "zod";
import type { ResponseSpec, RouteSpec } from "../route";
import { ERROR_RESPONSES, type ErrorStatus } from "./errors.schemas";
import { type ComponentSchema, createSchemaConverter, type JsonSchema } from "./json-schema";

export const API_VERSION = "1.0.0";

const ERROR_NAMES: Record<ErrorStatus, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "IdempotencyConflict",
  412: "PreconditionFailed",
  422: "IdempotencyMismatch",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  429: "Throttled",
  500: "ServerError",
  503: "AiUnavailable",
};

const REQUEST_ID = { $ref: "#/components/headers/RequestId" };
const REQUEST_ID_OPS = { $ref: "#/components/headers/RequestIdOps" };

export interface DocumentInput {
  readonly routes: readonly RouteSpec[];
  readonly components: readonly ComponentSchema[];
  readonly tags: readonly { name: string; description: string }[];
  readonly description: string;
  /** Hand-written JSON Schemas for zod schemas that have none (transforms). */
  readonly overrides?: ReadonlyMap<z.ZodType, JsonSchema>;
}

/** Builds the OpenAPI 3.1 document from the route definitions: one source for mount, docs, client. */
export function buildOpenApiDocument(input: DocumentInput): JsonSchema {
  const converter = createSchemaConverter(input.components, input.overrides);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of input.routes) {
    const item = paths[route.path] ?? {};
    item[route.method] = operation(route, converter.convert);
    paths[route.path] = item;
  }
  const errorResponses = Object.fromEntries(
    (Object.keys(ERROR_RESPONSES).map(Number) as ErrorStatus[]).map((status) => [
      ERROR_NAMES[status],
      response(ERROR_RESPONSES[status], converter.convert),
    ]),
  );
  return {
    openapi: "3.1.0",
    info: { title: "ResuMate API", version: API_VERSION, description: input.description },
    tags: input.tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "An access token from POST /api/auth/token/ (5 minutes by default).",
        },
      },
      headers: {
        RequestId: {
          description: "The request id (an incoming sane X-Request-ID is kept); logs carry it.",
          required: true,
          schema: { type: "string" },
        },
        RequestIdOps: {
          description:
            "The request id; absent from /health and /ready answered while the process starts.",
          schema: { type: "string" },
        },
      },
      responses: errorResponses,
      schemas: converter.components(),
    },
  };
}

type Convert = (schema: NonNullable<ResponseSpec["schema"]>, io: "input" | "output") => JsonSchema;

function operation(route: RouteSpec, convert: Convert): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  // /health and /ready may be answered by the Node entry before the app exists.
  const requestId = route.path.startsWith("/api/") ? REQUEST_ID : REQUEST_ID_OPS;
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = response(
      withPolicyHeaders(route, Number(status), spec),
      convert,
      requestId,
    );
  }
  if (route.etag && route.method === "get") responses["304"] = NOT_MODIFIED;
  for (const status of commonErrors(route)) {
    responses[String(status)] ??= { $ref: `#/components/responses/${ERROR_NAMES[status]}` };
  }
  const access =
    route.access === "public"
      ? "Public: a token is optional (an invalid one is still 401)."
      : route.access === "staff"
        ? "Staff only: non-staff users get 403."
        : "Requires a bearer access token.";
  const scope =
    route.tokenScope === undefined
      ? undefined
      : route.tokenScope === "session"
        ? "Personal access tokens: never (a session's access token only)."
        : route.tokenScope === "any"
          ? "Personal access tokens: any (each action needs its own scope)."
          : `Personal access tokens: scope \`${route.tokenScope}\`.`;
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, access, scope].filter(Boolean).join("\n\n"),
    security: route.access === "public" ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }],
    "x-access": route.access,
    ...(route.tokenScope ? { "x-token-scope": route.tokenScope } : {}),
    parameters: [
      ...pathParameters(route, convert),
      ...queryParameters(route, convert),
      ...headerParameters(route),
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: convert(route.body, "input"),
                ...(route.bodyExample !== undefined ? { example: route.bodyExample } : {}),
              },
            },
          },
        }
      : route.rawBody
        ? {
            requestBody: {
              required: true,
              content: {
                [route.rawBody.mediaType]: {
                  schema: { type: "string" },
                  ...(route.rawBody.example !== undefined
                    ? { example: route.rawBody.example }
                    : {}),
                },
              },
            },
          }
        : {}),
    responses: sortKeys(responses),
  };
}

/** The errors every operation can answer, by what it accepts and who may call it. */
function commonErrors(route: RouteSpec): ErrorStatus[] {
  const out = new Set<ErrorStatus>([401, 500, ...((route.errors ?? []) as ErrorStatus[])]);
  if (route.path.startsWith("/api/")) out.add(429);
  if (route.body || route.rawBody) for (const s of [400, 413, 415] as const) out.add(s);
  if (route.path.includes("{")) out.add(404);
  if (route.access === "staff") out.add(403);
  if (route.tokenScope) out.add(403);
  if (route.idempotent) for (const s of [400, 409, 422, 503] as const) out.add(s);
  if (route.etag) out.add(400);
  if (route.etag && route.method !== "get") out.add(412);
  return [...out];
}

/** The headers an operation's policy adds to its own answers (ETag, Idempotent-Replayed). */
function withPolicyHeaders(route: RouteSpec, status: number, spec: ResponseSpec): ResponseSpec {
  const headers = { ...spec.headers };
  if (route.etag && status === 200) {
    headers.ETag = { description: "The strong entity tag of the representation." };
  }
  if (route.idempotent && status < 300) {
    headers["Idempotent-Replayed"] = {
      description: "`true` on an answer replayed for a repeated Idempotency-Key.",
    };
  }
  return { ...spec, headers };
}

const NOT_MODIFIED = {
  description: "Not modified: `If-None-Match` names the current ETag.",
  headers: { ETag: { description: "The current entity tag.", schema: { type: "string" } } },
};

const header = (name: string, description: string) => ({
  name,
  in: "header",
  required: false,
  description,
  schema: { type: "string", maxLength: name === "Idempotency-Key" ? 255 : 2048 },
});

/** The request headers an operation's policy reads (idempotency keys, preconditions). */
function headerParameters(route: RouteSpec): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (route.idempotent) {
    out.push(
      header(
        "Idempotency-Key",
        "1-255 printable characters: the first answer is kept 24 h and replayed " +
          "(`Idempotent-Replayed: true`) for the same request; another request under the key is 422, " +
          "one while the first runs 409. Not with `Accept: text/event-stream` (400).",
      ),
    );
  }
  if (route.etag && route.method === "get") {
    out.push(header("If-None-Match", "An ETag of this resource: 304 while it is current."));
  } else if (route.etag) {
    out.push(header("If-Match", "The ETag you read: 412 and nothing changed when it is stale."));
  }
  return out;
}

function response(
  spec: ResponseSpec,
  convert: Convert,
  requestId: Record<string, string> = REQUEST_ID,
): Record<string, unknown> {
  const headers: Record<string, unknown> = { "X-Request-ID": requestId };
  for (const [name, h] of Object.entries(spec.headers ?? {})) {
    headers[name] = { schema: { type: "string" }, ...h };
  }
  const content: Record<string, unknown> = {};
  if (spec.schema) {
    content["application/json"] = {
      schema: convert(spec.schema, "output"),
      ...(spec.example !== undefined ? { example: spec.example } : {}),
    };
  }
  for (const [media, alt] of Object.entries(spec.alternatives ?? {})) {
    content[media] = {
      schema: {
        type: "string",
        ...(alt.binary ? { format: "binary" } : {}),
        ...(alt.description ? { description: alt.description } : {}),
      },
      ...(alt.example !== undefined ? { example: alt.example } : {}),
      ...(alt.events ? { "x-itemSchema": eventItemSchema(alt.events, convert) } : {}),
    };
  }
  return {
    description: spec.description,
    headers,
    ...(Object.keys(content).length ? { content } : {}),
  };
}

/**
 * One server-sent event of a text/event-stream answer, as OpenAPI 3.2's `itemSchema` describes
 * it: `{event, data}` with `data` a JSON text whose schema is `contentSchema`, one branch per
 * event name. Under `x-itemSchema` because this is a 3.1 document, whose Media Type Object
 * admits only its own fields and `x-` extensions (the official 3.1 schema refuses
 * `itemSchema`); moving to 3.2 is a rename. The stream as a whole stays `type: string`.
 */
function eventItemSchema(
  events: Readonly<Record<string, NonNullable<ResponseSpec["schema"]>>>,
  convert: Convert,
): JsonSchema {
  return {
    oneOf: Object.entries(events).map(([name, schema]) => ({
      type: "object",
      required: ["event", "data"],
      properties: {
        event: { const: name },
        data: {
          type: "string",
          contentMediaType: "application/json",
          contentSchema: convert(schema, "output"),
        },
      },
    })),
  };
}

/** Each `{name}` of the path, documented from the route's `params` schema (what it accepts). */
function pathParameters(route: RouteSpec, convert: Convert): Record<string, unknown>[] {
  const shape: Readonly<Record<string, z.ZodType>> = route.params?.shape ?? {};
  return [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => {
    const param = shape[name];
    return {
      name,
      in: "path",
      required: true,
      schema: param ? convert(param, "output") : { type: "string" },
    };
  });
}

function queryParameters(route: RouteSpec, convert: Convert): Record<string, unknown>[] {
  if (!route.query) return [];
  const schema = convert(route.query, "input");
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: "query",
    required: required.has(name),
    ...(typeof s.description === "string" ? { description: s.description } : {}),
    schema: s,
  }));
}

function sortKeys<T>(obj: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}
