import {
  DELIVERY_BATCH,
  type DeliveryDeps,
  deliverDue,
  purgeDeliveries,
} from "../features/webhooks";

const PURGE_EVERY_MS = 60 * 60_000;

/**
 * The webhook delivery loop of the Node server (Workers: the Cron Trigger): every
 * WEBHOOK_POLL_MS it delivers what is due, batch after batch while batches come full; hourly it
 * trims the delivery log. Pending rows live in the database, so a restart loses none: the next
 * process's first run picks them up (a claim a dead process held lapses after its lease). Several
 * instances may run it side by side (claims skip locked rows). `close()` waits for a run in
 * flight, so the database is not closed under it.
 */
export function startWebhookDeliveries(deps: DeliveryDeps, everyMs: number) {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let lastPurge = 0;
  const runOnce = async () => {
    if (Date.now() - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = Date.now();
      await purgeDeliveries(deps);
    }
    while (!stopped && (await deliverDue(deps)) === DELIVERY_BATCH) {}
  };
  const tick = () => {
    running ??= runOnce()
      .catch((err) =>
        deps.logger.error("webhook deliveries failed", { error: (err as Error).name }),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async close() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
