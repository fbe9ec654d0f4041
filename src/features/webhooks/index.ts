/**
 * The webhooks feature's public face. Other features record events through `emitEvent` (inside
 * the transaction of their change) or, in a single-statement write, `eventDeliveriesSql` as a
 * CTE; the entries run the delivery worker (`deliverDue`, `purgeDeliveries`).
 */

export { deliveryRoutes } from "./deliveries/deliveries.routes";
export {
  DELIVERY_BATCH,
  type DeliveryDeps,
  deliverDue,
  purgeDeliveries,
} from "./webhooks.delivery";
export { emitEvent, emitEvents, eventDeliveriesSql, type WebhookEvent } from "./webhooks.outbox";
export { webhookRoutes } from "./webhooks.routes";
export { EVENT_TYPES, type EventType } from "./webhooks.schemas";
