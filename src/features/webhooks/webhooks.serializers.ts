import type { DeliveryRow, WebhookRow } from "./webhooks.queries";
import { deliveryShape, webhookShape } from "./webhooks.schemas";

export const toWebhookJson = (row: WebhookRow) => webhookShape.serialize(row);

/** The creation's answer: the only one that carries the secret. */
export const toCreatedWebhookJson = (row: WebhookRow) => ({
  ...webhookShape.serialize(row),
  secret: row.secret,
});

export const toDeliveryJson = (row: DeliveryRow) => deliveryShape.serialize(row);
