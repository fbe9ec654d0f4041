import * as z from "zod";
import { booleanField, charField, MSG } from "../../core/fields";
import type { webhook, webhookDelivery } from "../../db/schema";
import { defineShape } from "../../db/shape";
import { EVENT_TYPES } from "./webhooks.events";

export const MAX_WEBHOOKS = 10;
export const MAX_URL_LENGTH = 2048;

const ALL_EVENTS = [...EVENT_TYPES, "*"] as const;

/** DRF's ListField of ChoiceField: a non-empty list of known events, each once. */
const eventsField = z
  .unknown()
  .transform((v, ctx): string[] => {
    if (v === undefined || v === null) {
      ctx.addIssue({ code: "custom", message: v === null ? MSG.null : MSG.required });
      return z.NEVER;
    }
    if (!Array.isArray(v)) {
      ctx.addIssue({
        code: "custom",
        message: `Expected a list of items but got type "${typeof v}".`,
      });
      return z.NEVER;
    }
    if (v.length === 0 || v.length > ALL_EVENTS.length) {
      const message =
        v.length === 0
          ? "This list may not be empty."
          : `Ensure this field has no more than ${ALL_EVENTS.length} elements.`;
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    const bad = v.find(
      (e) => typeof e !== "string" || !(ALL_EVENTS as readonly string[]).includes(e),
    );
    if (bad !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: MSG.choice(typeof bad === "string" ? bad.slice(0, 64) : bad),
      });
      return z.NEVER;
    }
    return [...new Set(v as string[])];
  })
  .meta({
    jsonSchema: {
      type: "array",
      minItems: 1,
      items: { type: "string", enum: [...ALL_EVENTS] },
      description: "The events to receive; `*` is every event.",
    },
  });

/** `url`: checked for its form here; its scheme and address by the service (it resolves). */
const urlField = charField({ max: MAX_URL_LENGTH }).refine((v) => URL.canParse(v), {
  error: "Enter a valid URL.",
});

export const createWebhookSchema = z.object({
  url: urlField,
  events: eventsField,
  description: charField({ max: 255, allowBlank: true }).optional(),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const patchWebhookSchema = z.object({
  url: urlField.optional(),
  events: eventsField.optional(),
  description: charField({ max: 255, allowBlank: true }).optional(),
  is_active: booleanField().optional(),
});
export type PatchWebhookInput = z.output<typeof patchWebhookSchema>;

type WebhookRow = typeof webhook.$inferSelect;

/** One webhook as the API answers it (the secret only in the creation's answer). */
export const webhookShape = defineShape<WebhookRow>()({
  id: { column: "id", schema: z.number().int() },
  url: { column: "url", schema: z.string() },
  events: { column: "events", schema: z.array(z.string()) },
  description: { column: "description", schema: z.string() },
  is_active: { column: "isActive", schema: z.boolean() },
  created_at: { column: "createdAt", schema: z.string() },
});
export const webhookSchema = webhookShape.schema;
export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().meta({ description: "`whsec_` + base64 of the signing key; shown once." }),
});
export const webhookListSchema = z.array(webhookSchema);

type DeliveryRow = typeof webhookDelivery.$inferSelect;
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** One delivery of the log (the payload itself is not shown again). */
export const deliveryShape = defineShape<DeliveryRow>()({
  id: { column: "id", schema: z.number().int() },
  event: { column: "event", schema: z.string() },
  status: { column: "status", schema: z.enum(["pending", "delivered", "failed"]) },
  attempts: { column: "attempts", schema: z.number().int() },
  response_status: { column: "responseStatus", schema: z.number().int().nullable() },
  response_excerpt: { column: "responseExcerpt", schema: z.string().nullable() },
  last_error: { column: "lastError", schema: z.string().nullable() },
  next_attempt_at: {
    read: (row) => (row.status === "pending" ? row.nextAttemptAt.toISOString() : null),
    schema: z.string().nullable(),
  },
  created_at: { read: (row) => row.createdAt.toISOString(), schema: z.string() },
  delivered_at: { read: (row) => isoOrNull(row.deliveredAt), schema: z.string().nullable() },
});
export const deliverySchema = deliveryShape.schema;
export const deliveryListSchema = z.array(deliverySchema);

export const deliveryExample = {
  id: 41,
  event: "job_application.status_changed",
  status: "delivered",
  attempts: 1,
  response_status: 200,
  response_excerpt: "ok",
  last_error: null,
  next_attempt_at: null,
  created_at: "2026-01-15T10:30:00.123Z",
  delivered_at: "2026-01-15T10:30:00.456Z",
};
