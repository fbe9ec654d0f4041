import * as z from "zod";
import { boundedIntegerField, charField, MSG } from "../../../core/fields";
import { TOKEN_SCOPES, type TokenScope } from "../../../core/scope-names";
import type { personalToken } from "../../../db/schema";
import { defineShape } from "../../../db/shape";

const known = new Set<string>(TOKEN_SCOPES);
const isScope = (s: unknown): s is TokenScope => typeof s === "string" && known.has(s);

/**
 * DRF's `ListField(child=ChoiceField(TOKEN_SCOPES), allow_empty=False)`, duplicates dropped;
 * its messages under `scopes` (at most one per bad item, at most the list's length).
 */
const scopesField = z
  .array(z.unknown(), {
    error: (iss) =>
      iss.input === undefined
        ? MSG.required
        : iss.input === null
          ? MSG.null
          : `Expected a list of items but got type "${typeof iss.input === "string" ? "str" : typeof iss.input}".`,
  })
  .max(TOKEN_SCOPES.length * 2, {
    error: `Ensure this field has no more than ${TOKEN_SCOPES.length * 2} elements.`,
  })
  .superRefine((items, ctx) => {
    if (items.length === 0)
      ctx.addIssue({ code: "custom", message: "This list may not be empty." });
    for (const item of items) {
      if (!isScope(item)) {
        // A long value is not echoed whole.
        const shown =
          typeof item === "string" ? item.slice(0, 40) : JSON.stringify(item)?.slice(0, 40);
        ctx.addIssue({ code: "custom", message: MSG.choice(shown) });
      }
    }
  })
  .transform((items) => [...new Set(items.filter(isScope))])
  .meta({
    jsonSchema: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { type: "string", enum: [...TOKEN_SCOPES] },
    },
  });

export const createTokenSchema = z.object({
  name: charField({ max: 100 }),
  scopes: scopesField,
  expires_in_days: boundedIntegerField(1, 365).nullable().optional(),
});
export type CreateTokenInput = z.output<typeof createTokenSchema>;

/** A token as its owner sees it, without the secret (the list, the export). */
export const tokenShape = defineShape<typeof personalToken.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  name: { column: "name", schema: z.string() },
  scopes: { column: "scopes", schema: z.array(z.string()) },
  token_hint: { column: "tokenHint", schema: z.string() },
  created_at: { column: "createdAt", schema: z.string() },
  expires_at: { column: "expiresAt", schema: z.string().nullable() },
  last_used_at: { column: "lastUsedAt", schema: z.string().nullable() },
});
export const tokenSchema = tokenShape.schema;
export const tokenListSchema = z.array(tokenSchema);
/** The creation's answer: the only one that carries `token`. */
export const createdTokenSchema = tokenSchema.extend({
  token: z.string().describe("The token itself: shown in this answer only."),
});
