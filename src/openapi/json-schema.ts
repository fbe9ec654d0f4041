import * as z from "zod";

export type JsonSchema = Record<string, unknown>;

/** A named, reusable schema of the document (`#/components/schemas/<id>`). */
export interface ComponentSchema {
  readonly id: string;
  readonly schema: z.ZodType;
  readonly description?: string;
  readonly examples?: readonly unknown[];
}

/**
 * Converts zod schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect). Requests use the input
 * side (what a client may send: defaults optional, preprocess pipes show their target type) and
 * responses the output side (closed objects, so an undocumented field fails the contract test).
 * Registered components become `$ref`s collected into `components`.
 */
export function createSchemaConverter(
  components: readonly ComponentSchema[],
  overrides: ReadonlyMap<z.ZodType, JsonSchema> = new Map(),
) {
  const registry = z.registry<{ id: string; description?: string; examples?: unknown[] }>();
  for (const c of components) {
    registry.add(c.schema, {
      id: c.id,
      ...(c.description ? { description: c.description } : {}),
      ...(c.examples ? { examples: [...c.examples] } : {}),
    });
  }
  const collected: Record<string, JsonSchema> = {};

  function convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const raw = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      metadata: registry,
      unrepresentable: "any",
      // Transforms without a JSON Schema of their own (e.g. a DRF pk field) get a written one.
      override: (ctx) => {
        const zodSchema = ctx.zodSchema as unknown as z.ZodType;
        const written = overrides.get(zodSchema);
        if (written) Object.assign(ctx.jsonSchema, written);
        applyFacts(ctx.jsonSchema as JsonSchema, z.globalRegistry.get(zodSchema));
      },
    }) as JsonSchema;
    if (io === "input") markRequired(schema, raw);
    const { $schema: _dialect, $defs, ...rest } = raw;
    const defs = ($defs ?? {}) as Record<string, JsonSchema>;
    for (const [id, def] of Object.entries(defs)) {
      // Output shapes win: a component is a response shape that a request may embed.
      if (!(id in collected) || io === "output") collected[id] = relink(def);
    }
    return relink(rest);
  }

  return { convert, components: () => collected };
}

/**
 * What a check the converter cannot see (a refine, a transform, a preprocess) means for a
 * client, written where the check is, through zod's `.meta()` (the last call of the chain, as a
 * later `.refine()` makes a copy without it):
 * - `jsonSchema` replaces what the converter wrote for that schema (a field's whole type);
 * - `jsonSchemaAlso` adds keywords to it (an object's `oneOf`/`anyOf` of required fields).
 */
export interface DocumentedFacts {
  readonly jsonSchema?: JsonSchema;
  readonly jsonSchemaAlso?: JsonSchema;
}

declare module "zod" {
  interface GlobalMeta extends DocumentedFacts {}
}

function applyFacts(json: JsonSchema, meta: DocumentedFacts | undefined): void {
  if (meta?.jsonSchema) {
    for (const key of Object.keys(json)) delete json[key];
    Object.assign(json, structuredClone(meta.jsonSchema));
  }
  if (meta?.jsonSchemaAlso) Object.assign(json, structuredClone(meta.jsonSchemaAlso));
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** Points `$defs` refs at components and drops zod's `.safe()` bounds (noise to a reader). */
function relink(schema: JsonSchema): JsonSchema {
  const text = JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/');
  return JSON.parse(text, (key, value) =>
    (key === "minimum" && value === -SAFE) || (key === "maximum" && value === SAFE)
      ? undefined
      : value,
  ) as JsonSchema;
}

/**
 * A body field is required when the schema rejects its absence. zod infers input optionality
 * from types, and a preprocess pipe's input is `unknown`, so nested pipes (`charField().pipe()`)
 * would wrongly look optional; asking the schema itself gives DRF's `required` exactly.
 */
function markRequired(schema: z.ZodType, json: JsonSchema): void {
  if (!(schema instanceof z.ZodObject) || typeof json.properties !== "object") return;
  const required = Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => {
      try {
        return !field.safeParse(undefined).success;
      } catch {
        return true; // async refinements cannot run here; such fields are never optional
      }
    })
    .map(([key]) => key);
  if (required.length) json.required = required;
  else delete json.required;
}
