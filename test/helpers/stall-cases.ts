import { Buffer } from "node:buffer";
import {
  ALL_SHAPES,
  build,
  type Json,
  longestValue,
  mostRepeats,
  type Shape,
  withValue,
} from "./hostile";
import type { TextField } from "./request-fields";
import { type Session, signUp, type World } from "./stall-world";

/**
 * The hostile requests of test/helpers/stall-suite.ts, derived from the OpenAPI document: for every
 * text field of every operation, each shape at the longest length the field accepts (its
 * `maxLength`, or as much as the body limit holds), and past a `maxLength` at the body limit
 * (which must be refused before any pattern runs).
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Node's request-line-plus-headers limit is 16 KiB; fetch's own headers and a JWT take ~1 KiB. */
export const MAX_URL_BYTES = 15_000;

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  access: string;
  example: Json;
  /** The values of its `format` query parameter, if it has one. */
  formats: string[];
}

export interface FieldCase {
  title: string;
  op: Operation;
  field: TextField;
  shape: Shape;
  /** `longest`: at maxLength; `body limit`: as much as the body (or URL) limit holds. */
  size: "longest" | "body limit";
}

/**
 * Operations whose fields at the body limit get every shape in one value (ALL_SHAPES) instead
 * of one request per shape: the import's 71 fields all flow into one Markdown converter, and
 * 71 x 9 requests of 1 MiB would take most of the file's minute.
 */
const MEDLEY_OPERATIONS = new Set(["importResume"]);

type Doc = { paths: Record<string, Record<string, Record<string, unknown>>> };

export function operations(document: unknown): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, item] of Object.entries((document as Doc).paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody as { content?: Record<string, { example?: Json }> })?.content;
      const params = (op.parameters ?? []) as { name: string; schema?: { enum?: string[] } }[];
      ops.set(String(op.operationId), {
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        access: String(op["x-access"]),
        example: content?.["application/json"]?.example ?? {},
        formats: params.find((p) => p.name === "format")?.schema?.enum ?? [],
      });
    }
  }
  return ops;
}

export function fieldCases(fields: TextField[], ops: Map<string, Operation>, shapes: Shape[]) {
  const cases: FieldCase[] = [];
  for (const field of fields) {
    const op = ops.get(field.operationId);
    if (!op || field.choices) continue;
    const add = (size: FieldCase["size"], list: readonly Shape[]) => {
      for (const shape of list) {
        const title = `${op.method} ${op.path} ${field.where}.${field.name} ${size}: ${shape.name}`;
        cases.push({ title, op, field, shape, size });
      }
    };
    const bounded = field.maxLength !== undefined || field.where === "query";
    if (bounded) add("longest", shapes);
    // Past a maxLength: refused before any pattern runs, whatever the shape.
    if (field.where === "body") {
      add("body limit", bounded || MEDLEY_OPERATIONS.has(op.operationId) ? [ALL_SHAPES] : shapes);
    }
  }
  return cases;
}

/** Operations whose text must be checked with its owner's session, a fresh one per case. */
const FRESH_SESSION = new Set(["changePassword", "deleteAccount", "logout"]);

/** The session a case runs as: the world's user, or a throwaway one. */
export const sessionFor = (url: string, op: Operation, w: World): Promise<Session> =>
  FRESH_SESSION.has(op.operationId) ? signUp(url) : Promise.resolve(w.user);

/** The operation's documented example, made valid for `w` (ids, credentials, unique names). */
export function exampleFor(op: Operation, field: string, w: World, s: Session): Json {
  const body = structuredClone(op.example ?? {}) as Record<string, Json>;
  const unique = `s${Math.random().toString(36).slice(2, 12)}`;
  const set = (key: string, value: Json) => {
    if (key in body) body[key] = value;
  };
  set("resume_used", w.resumeId);
  set("resume", w.resumeId);
  set("refresh", s.refresh);
  set("token", s.access);
  set("old_password", s.password);
  if (op.operationId === "register")
    Object.assign(body, { username: unique, email: `${unique}@x.io` });
  if (op.operationId === "obtainToken")
    Object.assign(body, { username: s.username, password: s.password });
  if (op.operationId === "adminCreateAiModel") body.display_name = unique;
  if (op.operationId === "adminReplaceAiModel") body.display_name = unique;
  // Intake takes exactly one of text and html.
  if (field === "text") delete body.html;
  return body;
}

/** `value` at `field`, and at its twin (`password2` beside `password`) so the two agree. */
function withTwin(body: Json, field: string, value: string): Json {
  const out = withValue(body, field, value) as Record<string, Json>;
  const twin = field.endsWith("2") ? field.slice(0, -1) : `${field}2`;
  if (twin in out) out[twin] = value;
  return out;
}

const bytes = (body: Json) => Buffer.byteLength(JSON.stringify(body));

/** The JSON body of a body-field case. */
export function hostileBody(c: FieldCase, base: Json): Json {
  const { name, maxLength } = c.field;
  if (c.size === "longest" && maxLength !== undefined) {
    return withTwin(base, name, longestValue(c.shape, maxLength));
  }
  const k = mostRepeats((n) => bytes(withTwin(base, name, build(c.shape, n))), MAX_BODY_BYTES);
  return withTwin(base, name, build(c.shape, k));
}

/** The URL (path and query) of a query-field case. */
export function hostileQuery(c: FieldCase, path: string): string {
  const url = (n: number) => `${path}?${c.field.name}=${encodeURIComponent(build(c.shape, n))}`;
  const k = mostRepeats((n) => url(n).length, MAX_URL_BYTES);
  const max = c.field.maxLength;
  return url(
    max === undefined
      ? k
      : // A shape longer than a short maxLength even bare is sent bare (and refused).
        Math.min(
          k,
          Math.max(
            0,
            mostRepeats((n) => build(c.shape, n).length, max),
          ),
        ),
  );
}
