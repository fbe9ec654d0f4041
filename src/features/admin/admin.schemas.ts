import * as z from "zod";
import { refusedBaseUrl } from "../../ai-providers/base-url";
import { KEY_OPTIONAL_PROVIDERS } from "../../ai-providers/provider";
import { configSchema } from "../../config";
import { booleanField, boundedIntegerField, charField, choiceField, MSG } from "../../core/fields";
import type { aiModel } from "../../db/schema";
import { defineShape } from "../../db/shape";
import {
  API_KEY_NAME_JSON_SCHEMA,
  BASE_URL_JSON_SCHEMA,
  KEY_REQUIRED_JSON_SCHEMA,
} from "./admin.openapi";

export const API_PROVIDERS = ["google_gemini", "open_router", "openai_compatible"] as const;

/** Settings the app itself reads: a model row naming one would send that secret to a provider. */
const RESERVED_SETTINGS = new Set(Object.keys(configSchema.shape));

/**
 * The value of the setting named here goes to the provider as its key, so the name must look
 * like a key setting (GEMINI_API_KEY, OPENROUTER_API_KEYS): not HOME, PATH or another secret of
 * the host. Checked in order, the first failure only.
 */
const keyNameRules = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    error: "Enter the name of a setting (letters, digits and underscores).",
    abort: true,
  })
  .refine((v) => !RESERVED_SETTINGS.has(v.toUpperCase()), {
    error: "This setting cannot hold an AI key.",
    abort: true,
  })
  .regex(/^[A-Z][A-Z0-9_]*_API_KEYS?$/, {
    error:
      "Enter the name of an API key setting: capitals, digits and underscores, ending in _API_KEY or _API_KEYS.",
  });

/**
 * `api_key_name` as sent: omitted, null or blank mean "no key setting", which only
 * `openai_compatible` may have (a local server needs no key); `keyRequired` holds the others to
 * DRF's required / null / blank. Blank reads as "" (the column is NOT NULL, as Django's), null
 * as null, so the message can say which.
 */
const keyName = charField({ max: 100, allowBlank: true })
  .pipe(
    z.string().superRefine((v, ctx) => {
      const first = v === "" ? undefined : keyNameRules.safeParse(v).error?.issues[0];
      if (first) ctx.addIssue({ code: "custom", message: first.message });
    }),
  )
  .nullable()
  .meta({ jsonSchema: API_KEY_NAME_JSON_SCHEMA });

/** DRF's word for a missing key setting: what was sent decides it (omitted, null or blank). */
export const missingKeyMessage = (sent: unknown) =>
  sent === undefined ? MSG.required : sent === null ? MSG.null : MSG.blank;

const keyOptional = (provider: unknown) =>
  (KEY_OPTIONAL_PROVIDERS as readonly unknown[]).includes(provider);

/**
 * POST and PUT: a provider other than `openai_compatible` needs `api_key_name`. Checked even when
 * other fields fail, so the 400 lists every field as DRF's does.
 */
const keyRequired = {
  when: () => true,
  path: ["api_key_name"],
  error: (iss: { input?: unknown }) =>
    missingKeyMessage((iss.input as { api_key_name?: unknown } | undefined)?.api_key_name),
};
const hasKeyFor = (v: unknown) => {
  if (typeof v !== "object" || v === null) return true;
  const { api_provider, api_key_name } = v as Record<string, unknown>;
  return keyOptional(api_provider) || (typeof api_key_name === "string" && api_key_name !== "");
};

/** PositiveIntegerField: 0 to PostgreSQL's integer maximum (0 = no daily limit). */
const dailyLimit = boundedIntegerField(0, 2_147_483_647);

export const INVALID_URL = "Enter a valid URL.";
export const REFUSED_HOST =
  "Link-local and cloud metadata addresses are not allowed (loopback and private addresses are).";

/**
 * An absolute http(s) URL without credentials, query or fragment (a key belongs in the key
 * setting, not in a URL the admin API shows): DRF URLField's message for anything else.
 */
export function isBaseUrl(v: string): boolean {
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v)) return false;
  try {
    const u = new URL(v);
    return u.hostname !== "" && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}

/**
 * `ai_aimodel.base_url` (URLField, max 500): needed by, and kept only for, `openai_compatible`.
 * Nullable; blank is stored as null (as for `fallback_model`).
 */
const baseUrl = charField({ max: 500, allowBlank: true })
  .pipe(
    z
      .string()
      .refine((v) => v === "" || isBaseUrl(v), { error: INVALID_URL, abort: true })
      .refine((v) => !refusedBaseUrl(v), { error: REFUSED_HOST }),
  )
  .meta({ jsonSchema: BASE_URL_JSON_SCHEMA })
  .nullable();

/** The display name of the model that answers when this one cannot (checked against the rows). */
const fallbackModel = charField({ max: 100, allowBlank: true }).nullable();

/**
 * Shown to anyone by `GET /api/ai/models/`, every active model's in one answer: bounded (Django's
 * TextField is not; a description already longer is kept until it is edited).
 */
const DESCRIPTION_MAX = 5_000;

/** POST and PUT body (DRF ModelSerializer of ai_aimodel; `id` is read-only, so stripped). */
export const aiModelInputSchema = z
  .object({
    display_name: charField({ max: 100 }),
    model_name: charField({ max: 100 }),
    api_provider: choiceField(API_PROVIDERS),
    api_key_name: keyName.optional(),
    is_active: booleanField().default(true),
    login_required: booleanField().default(false),
    daily_limit: dailyLimit.default(0),
    response_time_info: charField({ max: 100, allowBlank: true }).default(""),
    description: charField({ max: DESCRIPTION_MAX, allowBlank: true }).default(""),
    base_url: baseUrl.default(null),
    fallback_model: fallbackModel.default(null),
  })
  .refine(hasKeyFor, keyRequired)
  .meta({ jsonSchemaAlso: KEY_REQUIRED_JSON_SCHEMA });
export const aiModelPatchSchema = z.object({
  display_name: charField({ max: 100 }).optional(),
  model_name: charField({ max: 100 }).optional(),
  api_provider: choiceField(API_PROVIDERS).optional(),
  api_key_name: keyName.optional(),
  is_active: booleanField().optional(),
  login_required: booleanField().optional(),
  daily_limit: dailyLimit.optional(),
  response_time_info: charField({ max: 100, allowBlank: true }).optional(),
  description: charField({ max: DESCRIPTION_MAX, allowBlank: true }).optional(),
  base_url: baseUrl.optional(),
  fallback_model: fallbackModel.optional(),
});
export type AiModelInput = z.output<typeof aiModelInputSchema>;
export type AiModelPatch = z.output<typeof aiModelPatchSchema>;

/** A full model row as staff see it (the key's setting name, never a key), written once. */
export const aiModelShape = defineShape<typeof aiModel.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  display_name: { column: "displayName", schema: z.string() },
  model_name: { column: "modelName", schema: z.string() },
  api_provider: { column: "apiProvider", schema: z.enum(API_PROVIDERS) },
  api_key_name: { column: "apiKeyName", schema: z.string() },
  is_active: { column: "isActive", schema: z.boolean() },
  login_required: { column: "loginRequired", schema: z.boolean() },
  daily_limit: { column: "dailyLimit", schema: z.number().int() },
  response_time_info: { column: "responseTimeInfo", schema: z.string() },
  description: { column: "description", schema: z.string() },
  base_url: { column: "baseUrl", schema: z.string().nullable() },
  fallback_model: { column: "fallbackModel", schema: z.string().nullable() },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});
export const aiModelSchema = aiModelShape.schema;
export const aiModelListSchema = z.array(aiModelSchema);
export type AiModelJson = z.output<typeof aiModelSchema>;
