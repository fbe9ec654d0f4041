import type { z } from "zod";
import { createSchemaConverter, type JsonSchema } from "../../openapi/json-schema";
import type { RouteSpec } from "../../route";

/** What a tool's row says about its input: its name (for errors) and narrowed choices. */
export interface InputRow {
  readonly name: string;
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

/** Where each input field goes in the REST request. */
export type FieldPlace = "path" | "query" | "header" | "body";

/** A route's params, query and body schemas, as one object's properties. */
function parts(route: RouteSpec): [FieldPlace, z.ZodType, "input" | "output"][] {
  const out: [FieldPlace, z.ZodType, "input" | "output"][] = [];
  // Path parameters as the document states them: their output (an id is an integer >= 1).
  if (route.params) out.push(["path", route.params, "output"]);
  if (route.query) out.push(["query", route.query, "input"]);
  if (route.body) out.push(["body", route.body, "input"]);
  return out;
}

/** A creating or generating tool's retry key: REST's `Idempotency-Key` header. */
export const IDEMPOTENCY_FIELD = "idempotency_key";
const IDEMPOTENCY_PROPERTY: JsonSchema = {
  type: "string",
  minLength: 1,
  maxLength: 255,
  description:
    "Optional. A retry with the same key and arguments gets the first answer again (24 h) " +
    "instead of creating or generating twice; other arguments under the key are refused.",
};

/**
 * The tool's input schema: the JSON Schema of its route's path, query and body schemas (the
 * converter the OpenAPI document uses), merged into one object. Two parts naming one field
 * would make a call ambiguous: refused when the tools are built.
 */
export function buildInput(row: InputRow, route: RouteSpec) {
  const { convert, components } = createSchemaConverter([]);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const places = new Map<string, Exclude<FieldPlace, "body">>();
  for (const [place, schema, io] of parts(route)) {
    const json = convert(schema, io);
    const props = json.type === "object" ? (json.properties as Record<string, JsonSchema>) : null;
    if (!props) throw new Error(`${row.name}: the ${place} of ${route.operationId} is no object`);
    for (const [key, prop] of Object.entries(props)) {
      if (key in properties) throw new Error(`${row.name}: "${key}" is named twice`);
      const only = row.choices?.[key];
      properties[key] = only ? narrow(prop, only) : prop;
      if (place !== "body") places.set(key, place);
    }
    const needed = place === "path" ? Object.keys(props) : json.required;
    if (Array.isArray(needed)) required.push(...needed.map(String));
  }
  if (route.idempotent) {
    if (IDEMPOTENCY_FIELD in properties)
      throw new Error(`${row.name}: "${IDEMPOTENCY_FIELD}" clash`);
    properties[IDEMPOTENCY_FIELD] = IDEMPOTENCY_PROPERTY;
    places.set(IDEMPOTENCY_FIELD, "header");
  }
  const defs = components();
  const inputSchema: JsonSchema & { type: "object" } = {
    type: "object",
    properties,
    ...(required.length ? { required } : {}),
    ...(Object.keys(defs).length ? { $defs: defs } : {}),
  };
  // The converter points shared schemas at the OpenAPI document's components; a tool's schema
  // stands alone, so they are its own `$defs`.
  const text = JSON.stringify(inputSchema).replaceAll('"#/components/schemas/', '"#/$defs/');
  return { inputSchema: JSON.parse(text, portable) as typeof inputSchema, places };
}

/** Keywords that describe a value rather than constrain one: they stay beside `anyOf`. */
const ANNOTATIONS = new Set(["title", "description", "default", "examples", "deprecated"]);

/**
 * A nullable field's `type: ["string", "null"]` as `anyOf` branches of one type each: the same
 * JSON Schema, in the spelling clients that map tools onto a single-type dialect (Gemini's
 * function declarations) accept (the MCP Inspector flags the array form as less portable).
 */
function portable(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const node = value as JsonSchema;
  if (!Array.isArray(node.type) || node.type.length < 2) return node;
  const outer: JsonSchema = {};
  const inner: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k !== "type") (ANNOTATIONS.has(k) ? outer : inner)[k] = v;
  }
  const branches = node.type.map((t) => (t === "null" ? { type: "null" } : { ...inner, type: t }));
  return { ...outer, anyOf: branches };
}

/** A field's schema with its `enum` cut to `only` (a tool offers fewer choices than REST). */
function narrow(prop: JsonSchema, only: readonly string[]): JsonSchema {
  const choices = Array.isArray(prop.enum) ? prop.enum.filter((v) => only.includes(String(v))) : [];
  if (choices.length !== only.length) throw new Error(`choices ${only.join(", ")} not offered`);
  return { ...prop, enum: choices };
}
