/**
 * The webhooks feature's second face: its routes (the endpoints and their deliveries), which few
 * requests need. Only `features/index.ts` (every operation) and the lazy groups of
 * `app-routes.ts` (a dynamic `import()`) use it, so a cold Worker isolate does not build their
 * schemas; what other features and the entries run (the outbox, the delivery worker) stays in
 * index.ts.
 */
export { deliveryRoutes } from "./deliveries/deliveries.routes";
export { webhookRoutes } from "./webhooks.routes";
