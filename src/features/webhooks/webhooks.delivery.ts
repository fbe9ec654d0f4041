import { and, eq, inArray, lte, ne, sql } from "drizzle-orm";
import type { Config } from "../../config";
import type { Clock } from "../../core/clock";
import type { Logger } from "../../core/logger";
import { type Outbound, OutboundError, vetDestination } from "../../core/outbound";
import { timestampNow } from "../../core/timestamps";
import { type Db, executeRows } from "../../db/client";
import { webhook, webhookDelivery } from "../../db/schema";
import { bare } from "../../db/sql";
import { deliveryBody, signedHeaders } from "./webhooks.signature";

/** What the delivery worker needs (the Node loop and the Worker's Cron Trigger build it). */
export interface DeliveryDeps {
  database: { db: Db };
  clock: Clock;
  logger: Logger;
  outbound: Outbound;
  config: Pick<
    Config,
    | "WEBHOOK_ALLOW_PRIVATE"
    | "WEBHOOK_TIMEOUT_MS"
    | "WEBHOOK_RETRY_SECONDS"
    | "WEBHOOK_DISABLE_AFTER_HOURS"
    | "WEBHOOK_KEEP_DAYS"
  >;
}

/** Deliveries one run claims at most, and sends side by side. */
export const DELIVERY_BATCH = 10;
/** The part of an answer's body kept in the log. */
export const EXCERPT_BYTES = 1024;
const USER_AGENT = "ResuMate-Webhooks/1";

interface Claimed {
  id: number;
  msgId: string;
  event: string;
  data: string;
  attempts: number;
  createdAt: Date;
  webhookId: number;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries of active webhooks: FOR UPDATE SKIP LOCKED, so instances running side
 * by side never take the same row, and the claim is a lease (next_attempt_at moved past the
 * attempt's budget): a process that dies mid-attempt leaves the row to be taken again once the
 * lease lapses. The attempt is counted here, before the request goes out.
 */
async function claimDue(deps: DeliveryDeps): Promise<Claimed[]> {
  const d = webhookDelivery;
  const w = webhook;
  const now = new Date(deps.clock.now());
  // Due by the clock the events were written with (microseconds), not only its milliseconds: an
  // event recorded in this very millisecond is due now.
  const nowStamp = timestampNow(deps.clock);
  const lease = new Date(now.getTime() + deps.config.WEBHOOK_TIMEOUT_MS + 30_000);
  const rows = await executeRows<Record<string, unknown>>(
    deps.database.db,
    sql`with due as (
        select ${d.id} as id from ${d} join ${w} on ${w.id} = ${d.webhookId}
        where ${d.status} = 'pending' and ${d.nextAttemptAt} <= ${nowStamp}::timestamptz
          and ${w.isActive}
        order by ${d.nextAttemptAt} limit ${DELIVERY_BATCH}
        for update of ${d} skip locked
      )
      update ${d} set ${bare(d.nextAttemptAt)} = ${lease.toISOString()}::timestamptz,
        ${bare(d.attempts)} = ${d.attempts} + 1
      from due, ${w}
      where ${d.id} = due.id and ${w.id} = ${d.webhookId}
      returning ${d.id} as id, ${d.msgId} as msg_id, ${d.event} as event, ${d.data} as data,
        ${d.attempts} as attempts, ${d.createdAt} as created_at, ${w.id} as webhook_id,
        ${w.url} as url, ${w.secret} as secret`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    msgId: String(r.msg_id),
    event: String(r.event),
    data: String(r.data),
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at as string | Date),
    webhookId: Number(r.webhook_id),
    url: String(r.url),
    secret: String(r.secret),
  }));
}

type Outcome =
  | { ok: true; status: number; excerpt: string }
  | { ok: false; status: number | null; excerpt: string | null; error: string };

/** One attempt: the address vetted again (the name resolved again), signed, sent, answered. */
async function attempt(deps: DeliveryDeps, row: Claimed): Promise<Outcome> {
  const url = new URL(row.url);
  const allowPrivate = deps.config.WEBHOOK_ALLOW_PRIVATE;
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    return { ok: false, status: null, excerpt: null, error: "The URL is not https://." };
  const vetted = await vetDestination(deps.outbound, url, allowPrivate);
  if (!vetted.ok) return { ok: false, status: null, excerpt: null, error: vetted.reason };
  const body = deliveryBody(row.event, row.createdAt, row.data);
  const timestamp = Math.floor(deps.clock.now() / 1000);
  const signed = await signedHeaders(row.secret, { id: row.msgId, timestamp, body });
  try {
    const answer = await deps.outbound.post({
      url,
      address: vetted.address,
      headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...signed },
      body,
      timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
      maxBytes: EXCERPT_BYTES,
    });
    const excerpt = answer.excerpt.slice(0, EXCERPT_BYTES);
    if (answer.status >= 200 && answer.status < 300)
      return { ok: true, status: answer.status, excerpt };
    return { ok: false, status: answer.status, excerpt, error: `HTTP ${answer.status}` };
  } catch (err) {
    const reason = err instanceof OutboundError ? err.reason : "connection";
    const error = reason === "timeout" ? "No answer in time." : "The connection failed.";
    return { ok: false, status: null, excerpt: null, error };
  }
}

/** Writes an attempt's outcome; a failure schedules the next attempt, or ends in `failed`. */
async function record(deps: DeliveryDeps, row: Claimed, out: Outcome): Promise<void> {
  const db = deps.database.db;
  const now = new Date(deps.clock.now());
  const d = webhookDelivery;
  if (out.ok) {
    await db
      .update(d)
      .set({
        status: "delivered",
        deliveredAt: now,
        responseStatus: out.status,
        responseExcerpt: out.excerpt,
        lastError: null,
      })
      .where(eq(d.id, row.id));
    await db.update(webhook).set({ failingSince: null }).where(eq(webhook.id, row.webhookId));
    return;
  }
  const waits = deps.config.WEBHOOK_RETRY_SECONDS;
  const wait = waits[row.attempts - 1];
  const next = wait === undefined ? null : new Date(now.getTime() + wait * 1000);
  await db
    .update(d)
    .set({
      ...(next ? { nextAttemptAt: next } : { status: "failed" }),
      responseStatus: out.status,
      responseExcerpt: out.excerpt,
      lastError: out.error.slice(0, 200),
    })
    .where(eq(d.id, row.id));
  await noteFailure(deps, row.webhookId, now);
}

/**
 * A failed attempt: the webhook's failing streak starts now unless it already runs; one that has
 * done nothing but fail for WEBHOOK_DISABLE_AFTER_HOURS is turned off, its pending deliveries
 * failed (a success in between ends the streak).
 */
async function noteFailure(deps: DeliveryDeps, webhookId: number, now: Date): Promise<void> {
  const db = deps.database.db;
  const cutoff = new Date(now.getTime() - deps.config.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000);
  const [hook] = await db
    .update(webhook)
    .set({
      failingSince: sql`coalesce(${webhook.failingSince}, ${now.toISOString()}::timestamptz)`,
      isActive: sql`${webhook.isActive} and not coalesce(${webhook.failingSince} <= ${cutoff.toISOString()}::timestamptz, false)`,
    })
    .where(eq(webhook.id, webhookId))
    .returning({ isActive: webhook.isActive });
  if (hook && !hook.isActive) {
    await db
      .update(webhookDelivery)
      .set({ status: "failed", lastError: "The webhook was turned off after failing throughout." })
      .where(and(eq(webhookDelivery.webhookId, webhookId), eq(webhookDelivery.status, "pending")));
    deps.logger.warn("webhook turned off after failing", { webhookId });
  }
}

/**
 * One run of the delivery worker: claims up to DELIVERY_BATCH due deliveries, attempts them side
 * by side, records each outcome. Resolves to how many it claimed (a full batch: run again).
 */
export async function deliverDue(deps: DeliveryDeps): Promise<number> {
  const claimed = await claimDue(deps);
  await Promise.all(
    claimed.map(async (row) => {
      const out = await attempt(deps, row).catch(
        (): Outcome => ({ ok: false, status: null, excerpt: null, error: "Unexpected failure." }),
      );
      await record(deps, row, out);
    }),
  );
  return claimed.length;
}

/** Finished deliveries older than WEBHOOK_KEEP_DAYS leave the log (at most 1,000 a call). */
export async function purgeDeliveries(deps: Pick<DeliveryDeps, "database" | "clock" | "config">) {
  const d = webhookDelivery;
  const before = new Date(deps.clock.now() - deps.config.WEBHOOK_KEEP_DAYS * 86_400_000);
  const old = deps.database.db
    .select({ id: d.id })
    .from(d)
    .where(and(ne(d.status, "pending"), lte(d.createdAt, before)))
    .limit(1000);
  await deps.database.db.delete(d).where(inArray(d.id, old));
}
