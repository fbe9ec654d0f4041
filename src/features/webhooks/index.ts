/**
 * The webhooks feature's public face. Other features record events through `emitEvent` (inside
 * the transaction of their change) or, in a single-statement write, `eventDeliveriesSql` as a
 * CTE; the entries run the delivery worker (`deliverDue`, `purgeDeliveries`). The routes are the
 * second face, deferred.ts.
 */

export {
  DELIVERY_BATCH,
  type DeliveryDeps,
  deliverDue,
  purgeDeliveries,
} from "./webhooks.delivery";
export { EVENT_TYPES, type EventType } from "./webhooks.events";
export { emitEvent, emitEvents, eventDeliveriesSql, type WebhookEvent } from "./webhooks.outbox";
