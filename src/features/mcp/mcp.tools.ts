import type { z } from "zod";
import type { PersonalTokenGrant } from "../../core/scope-names";
import { scopeGranted } from "../../core/scopes";
import { aiScope } from "../../core/throttle";
import { createSchemaConverter, type JsonSchema } from "../../openapi/json-schema";
import type { RouteSpec } from "../../route";

/**
 * One MCP tool: the REST operation it mirrors (by `operationId`), and whether it only reads
 * (`readOnlyHint`). Everything else (input schema, validation, guards, throttles, scopes,
 * limits, the ledger) comes from that operation's definition, so REST and MCP cannot drift.
 */
export interface ToolRow {
  readonly name: string;
  readonly operationId: string;
  readonly readOnly: boolean;
  /** Narrows a field's choices (export: the text formats only, not the binary DOCX/PDF). */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The tools of docs/API.md ("MCP server") whose REST twin exists. A tool whose route has not
 * landed yet has no row (test/app/mcp-tools.test.ts holds both directions).
 */
export const TOOL_ROWS: readonly ToolRow[] = [
  { name: "list_resumes", operationId: "listResumes", readOnly: true },
  { name: "get_resume", operationId: "getResume", readOnly: true },
  { name: "create_resume", operationId: "createResume", readOnly: false },
  { name: "update_resume", operationId: "updateResume", readOnly: false },
  {
    name: "export_resume",
    operationId: "exportResume",
    readOnly: true,
    choices: { format: ["md", "json"] },
  },
  { name: "list_job_applications", operationId: "listJobApplications", readOnly: true },
  { name: "get_job_application", operationId: "getJobApplication", readOnly: true },
  { name: "create_job_application", operationId: "createJobApplication", readOnly: false },
  { name: "update_job_application", operationId: "updateJobApplication", readOnly: false },
  // A score computed from stored text: nothing is written.
  { name: "match_job_application", operationId: "matchJobApplication", readOnly: true },
  // With `save` it creates an application.
  { name: "intake_job_posting", operationId: "intakeJobPosting", readOnly: false },
  { name: "tailor_resume", operationId: "tailorResume", readOnly: false },
  { name: "write_cover_letter", operationId: "writeCoverLetter", readOnly: false },
  { name: "list_ai_models", operationId: "listAiModels", readOnly: true },
];

/** Where each input field goes in the REST request. */
export type FieldPlace = "path" | "query" | "header" | "body";

/** A tool as the server lists it and calls it. */
export interface Tool {
  readonly row: ToolRow;
  readonly route: RouteSpec;
  /** The MCP `tools/list` entry. */
  readonly listing: {
    name: string;
    title: string;
    description: string;
    inputSchema: JsonSchema & { type: "object" };
    annotations: { title: string; readOnlyHint: boolean; openWorldHint: boolean };
  };
  /** The path and query fields by name (the rest of the arguments is the body). */
  readonly places: ReadonlyMap<string, Exclude<FieldPlace, "body">>;
}

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
function buildInput(row: ToolRow, route: RouteSpec) {
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

/** Builds every tool from the route table; a row naming no route is an error (a typo, a rename). */
export function buildTools(routes: readonly RouteSpec[]): Map<string, Tool> {
  const byId = new Map(routes.map((r) => [r.operationId, r]));
  const tools = new Map<string, Tool>();
  for (const row of TOOL_ROWS) {
    const route = byId.get(row.operationId);
    if (!route) throw new Error(`MCP tool ${row.name}: no operation ${row.operationId}`);
    const { inputSchema, places } = buildInput(row, route);
    const title = route.summary;
    tools.set(row.name, {
      row,
      route,
      places,
      listing: {
        name: row.name,
        title,
        description: toolDescription(route),
        inputSchema,
        annotations: {
          title,
          readOnlyHint: row.readOnly,
          // The AI tools reach a model provider; the others only this API's own data.
          openWorldHint: route.throttle?.includes(aiScope) ?? false,
        },
      },
    });
  }
  return tools;
}

/**
 * The tools a caller is shown: all of them to a session; to a personal token, those whose REST
 * twin its scopes cover (the others would only answer 403).
 */
export function toolsFor(tools: ReadonlyMap<string, Tool>, grant: PersonalTokenGrant | null) {
  const all = [...tools.values()];
  if (!grant) return all;
  return all.filter(({ route: { tokenScope: scope } }) =>
    scope === undefined || scope === "any"
      ? true
      : scope !== "session" && scopeGranted(grant.scopes, scope),
  );
}

function toolDescription(route: RouteSpec): string {
  const rest = `${route.method.toUpperCase()} ${route.path}`;
  return `${route.summary}. Mirrors ${rest} of the ResuMate REST API (the same rules and limits).`;
}
