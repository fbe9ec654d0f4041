/**
 * Every text input of the API as the OpenAPI document describes it: each string field of a
 * request body or query string, with its `maxLength`. test/unit/field-bounds.test.ts checks
 * that each is bounded, and test/helpers/stall-suite.ts sends the longest value each accepts.
 */
type Schema = Record<string, unknown>;
type Doc = {
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Schema> };
};

export interface TextField {
  operationId: string;
  method: string;
  /** The documented path, e.g. `/api/resumes/{id}/`. */
  path: string;
  where: "body" | "query";
  /** Dotted, `[]` for an array's items: `work[].highlights[]`. */
  name: string;
  maxLength?: number;
  /** A closed list of values (`format=pdf`): no text reaches a parser. */
  choices: boolean;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

function resolve(doc: Doc, s: Schema, kind: "schemas" | "parameters" = "schemas"): Schema {
  let out = s;
  for (let i = 0; i < 20 && typeof out.$ref === "string"; i++) {
    const name = out.$ref.split("/").at(-1) ?? "";
    const next = doc.components?.[kind]?.[name];
    if (!next) throw new Error(`unresolved ${out.$ref}`);
    out = next;
  }
  return out;
}

const typesOf = (s: Schema): unknown[] => (Array.isArray(s.type) ? s.type : [s.type]);

/** Every string-typed leaf under `s` (through anyOf/oneOf/allOf, objects and arrays). */
function leaves(doc: Doc, raw: Schema, name: string, out: Map<string, Schema>, depth = 0): void {
  if (depth > 12) return;
  const s = resolve(doc, raw);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const parts = s[key];
    if (Array.isArray(parts)) for (const p of parts) leaves(doc, p as Schema, name, out, depth + 1);
  }
  const props = s.properties as Record<string, Schema> | undefined;
  for (const [key, prop] of Object.entries(props ?? {})) {
    leaves(doc, prop, name ? `${name}.${key}` : key, out, depth + 1);
  }
  if (s.items && typeof s.items === "object") {
    leaves(doc, s.items as Schema, `${name}[]`, out, depth + 1);
  }
  if (typesOf(s).includes("string")) {
    const seen = out.get(name);
    // A field documented twice (anyOf branches) keeps the looser bound.
    if (!seen || (seen.maxLength !== undefined && s.maxLength === undefined)) out.set(name, s);
  }
}

function field(op: Schema, where: TextField["where"], name: string, s: Schema) {
  return {
    operationId: String(op.operationId),
    where,
    name,
    maxLength: typeof s.maxLength === "number" ? s.maxLength : undefined,
    choices: Array.isArray(s.enum),
  };
}

/** The text fields of every operation, in the document's order. */
export function textFields(document: unknown): TextField[] {
  const doc = document as Doc;
  const fields: TextField[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const at = { method, path };
      const content = (op.requestBody as Schema | undefined)?.content as
        | Record<string, { schema?: Schema }>
        | undefined;
      const body = new Map<string, Schema>();
      for (const media of Object.values(content ?? {})) {
        if (media.schema) leaves(doc, media.schema, "", body);
      }
      for (const [name, s] of body) fields.push({ ...at, ...field(op, "body", name, s) });
      for (const raw of (op.parameters as Schema[] | undefined) ?? []) {
        const p = resolve(doc, raw, "parameters");
        if (p.in !== "query") continue;
        const query = new Map<string, Schema>();
        leaves(doc, (p.schema as Schema | undefined) ?? {}, String(p.name), query);
        for (const [name, s] of query) fields.push({ ...at, ...field(op, "query", name, s) });
      }
    }
  }
  return fields;
}

export const fieldKey = (f: Pick<TextField, "operationId" | "where" | "name">) =>
  `${f.operationId} ${f.where}.${f.name}`;
