import { ApiError, fieldError, notFound } from "../../core/errors";
import { vetDestination } from "../../core/outbound";
import { timestampNow } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import type { Deps } from "../../deps";
import * as queries from "./webhooks.queries";
import { type CreateWebhookInput, MAX_WEBHOOKS, type PatchWebhookInput } from "./webhooks.schemas";
import { newWebhookSecret } from "./webhooks.signature";

/** The deliveries a log answer shows at most (the newest). */
export const DELIVERY_LOG_LIMIT = 100;

export const HTTPS_ONLY = "Enter an https:// URL.";
export const NO_CREDENTIALS = "A webhook URL may not contain a user name or password.";
export const TOO_MANY = `You have reached the limit of ${MAX_WEBHOOKS} webhooks.`;
export const NOT_ACTIVE = "This webhook is not active.";

/**
 * The URL a webhook may have, normalised (WHATWG: `https://2130706433/` is `https://127.0.0.1/`),
 * without its fragment; or why not: the scheme (https, or http where private addresses are
 * allowed), no credentials, and an address that is public (its literal, or every address its
 * name resolves to). Nothing is connected to.
 */
export async function checkWebhookUrl(
  deps: Pick<Deps, "config" | "outbound">,
  raw: string,
): Promise<{ url: string } | { error: string }> {
  const url = new URL(raw);
  const allowPrivate = deps.config.WEBHOOK_ALLOW_PRIVATE;
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    return { error: HTTPS_ONLY };
  if (url.username || url.password) return { error: NO_CREDENTIALS };
  const vetted = await vetDestination(deps.outbound, url, allowPrivate);
  if (!vetted.ok) return { error: vetted.reason };
  url.hash = "";
  return { url: url.href };
}

async function vettedUrl(deps: Deps, raw: string): Promise<string> {
  const checked = await checkWebhookUrl(deps, raw);
  if ("error" in checked) throw fieldError("url", checked.error);
  return checked.url;
}

export const listWebhooks = (reader: Db, userId: number) => queries.listWebhooks(reader, userId);

export async function getWebhook(reader: Db, key: Owned) {
  const row = await queries.findWebhook(reader, key);
  if (!row) throw notFound();
  return row;
}

export async function createWebhook(deps: Deps, userId: number, input: CreateWebhookInput) {
  const url = await vettedUrl(deps, input.url);
  const now = timestampNow(deps.clock);
  const row = await queries.insertWebhook(
    deps.database.db,
    {
      userId,
      url,
      events: input.events,
      description: input.description ?? "",
      secret: newWebhookSecret(),
      isActive: true,
      createdAt: now,
      updatedAt: now,
    },
    MAX_WEBHOOKS,
  );
  if (!row) throw new ApiError(400, { non_field_errors: [TOO_MANY] });
  return row;
}

export async function changeWebhook(deps: Deps, key: Owned, input: PatchWebhookInput) {
  const url = input.url === undefined ? undefined : await vettedUrl(deps, input.url);
  const row = await queries.updateWebhook(deps.database.db, key, {
    ...(url !== undefined ? { url } : {}),
    ...(input.events !== undefined ? { events: input.events } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
    now: timestampNow(deps.clock),
  });
  if (!row) throw notFound();
  return row;
}

export async function deleteWebhook(deps: Deps, key: Owned) {
  if (!(await queries.deleteWebhook(deps.database.db, key))) throw notFound();
}

/** `POST {id}/test/`: a `ping` delivered by the worker, as any event is. */
export async function pingWebhook(deps: Deps, key: Owned) {
  const hook = await getWebhook(deps.database.db, key);
  if (!hook.isActive) throw new ApiError(400, { detail: NOT_ACTIVE });
  return queries.insertPing(deps.database.db, {
    webhookId: hook.id,
    now: new Date(deps.clock.now()),
  });
}

export async function listDeliveries(reader: Db, key: Owned) {
  const hook = await getWebhook(reader, key);
  return queries.listDeliveries(reader, { webhookId: hook.id, limit: DELIVERY_LOG_LIMIT });
}

export async function retryDelivery(deps: Deps, key: Owned, deliveryId: number) {
  const row = await queries.retryDelivery(deps.database.db, {
    webhookId: key.id,
    userId: key.userId,
    id: deliveryId,
    now: new Date(deps.clock.now()),
  });
  if (!row) throw notFound();
  return row;
}
