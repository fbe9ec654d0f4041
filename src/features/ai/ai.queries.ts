import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import {
  BASE_URL_PROVIDERS,
  KEY_OPTIONAL_PROVIDERS,
  PROVIDER_NAMES,
} from "../../ai-providers/provider";
import type { Timestamp } from "../../core/timestamps";
import { type Db, executeRows } from "../../db/client";
import { preparedSql } from "../../db/prepared";
import type { SaveTarget } from "../../db/save-target";
import { aiModel, aiQuota, aiUsage } from "../../db/schema";
import { bare, columnList } from "../../db/sql";
import { userOrAnonymousSql } from "../seed";
import { eventDeliveriesSql } from "../webhooks";

export type AiModelRow = typeof aiModel.$inferSelect;
export type UsageOutcome = "success" | "failure" | "limited" | "breaker_open" | "cancelled";

export function listActiveModels(db: Db): Promise<AiModelRow[]> {
  return db
    .select()
    .from(aiModel)
    .where(eq(aiModel.isActive, true))
    .orderBy(asc(aiModel.displayName), asc(aiModel.id));
}

/** Whether an active model has this display name (case-insensitive, as generation matches it). */
export async function activeModelExists(db: Db, { name }: { name: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: aiModel.id })
    .from(aiModel)
    .where(and(eq(aiModel.isActive, true), sql`lower(${aiModel.displayName}) = lower(${name})`))
    .limit(1);
  return row !== undefined;
}

export interface QuotaSlot {
  subject: string;
  modelId: number;
  /** UTC day, YYYY-MM-DD, fixed when reserving (a call across midnight counts for its start). */
  day: string;
}

export interface ReserveRequest {
  /** The model's display name, matched case-insensitively (as the existing service does). */
  name: string;
  /** `user:<id>` or `ip:<address>`. */
  subject: string;
  day: string;
  signedIn: boolean;
  /** Key settings that hold at least one key: a model whose setting is empty is not reserved. */
  usableKeyNames: readonly string[];
  now: Date;
  /** Reservations taken before this (a process died before releasing them) stop counting. */
  staleBefore: Date;
}

const MODEL_COLUMNS = Object.entries(getTableColumns(aiModel));
/** A column of the `m` CTE below, which names aiModel's columns by their keys. */
const m = (key: keyof AiModelRow) => sql`m.${sql.identifier(key)}`;
const q = bare;

/**
 * Looks the model up and, when the caller may use it (active, signed in if it asks for that, a
 * known provider, keys configured unless the provider can do without, a base URL where one is
 * needed), takes one reservation of its daily limit: one statement, one
 * round trip, where the lookup and the reservation were two (see BENCHMARKS.md). The reservation is
 * INSERT … ON CONFLICT DO UPDATE: its row lock serializes a burst and its WHERE sees every
 * earlier reservation, so at most `daily_limit` calls per day ever hold or use a slot (0 means
 * unlimited; the row still counts use). `reserved` is false when the model is missing, the caller
 * may not use it (the service says why) or the limit is reached.
 */
export async function findModelAndReserve(
  db: Db,
  r: ReserveRequest,
): Promise<{ model: AiModelRow | undefined; reserved: boolean }> {
  const values = {
    ...r,
    usableKeyNames: r.usableKeyNames.join(","),
    providers: PROVIDER_NAMES.join(","),
    keyOptional: KEY_OPTIONAL_PROVIDERS.join(","),
    baseUrlNeeded: BASE_URL_PROVIDERS.join(","),
    now: r.now.toISOString(),
    staleBefore: r.staleBefore.toISOString(),
  };
  const build = (v: (name: keyof typeof values) => unknown) => {
    const stale = sql`coalesce(q.${q(aiQuota.reservedAt)} < ${v("staleBefore")}::timestamptz, false)`;
    const limit = sql`(select ${aiModel.dailyLimit} from ${aiModel}
      where ${aiModel.id} = excluded.${q(aiQuota.modelId)})`;
    const slot = columnList(aiQuota.subject, aiQuota.modelId, aiQuota.day);
    return sql`with m as (
      select ${sql.join(
        MODEL_COLUMNS.map(([key, col]) => sql`${col} as ${sql.identifier(key)}`),
        sql`, `,
      )}
      from ${aiModel}
      where ${aiModel.isActive} and lower(${aiModel.displayName}) = lower(${v("name")})
      limit 1
    ), r as (
      insert into ${aiQuota} as q (${slot}, ${columnList(aiQuota.used, aiQuota.reserved, aiQuota.reservedAt)})
      select ${v("subject")}, ${m("id")}, ${v("day")}::date, 0, 1, ${v("now")}::timestamptz from m
      where (${v("signedIn")}::boolean or not ${m("loginRequired")})
        and ${m("apiProvider")} = any(string_to_array(${v("providers")}, ','))
        and (${m("apiKeyName")} = any(string_to_array(${v("usableKeyNames")}, ','))
          or ${m("apiProvider")} = any(string_to_array(${v("keyOptional")}, ',')))
        and (${m("baseUrl")} is not null
          or ${m("apiProvider")} <> all(string_to_array(${v("baseUrlNeeded")}, ',')))
      on conflict (${slot}) do update set
        ${q(aiQuota.reserved)} = case when ${stale} then 1 else q.${q(aiQuota.reserved)} + 1 end,
        ${q(aiQuota.reservedAt)} = excluded.${q(aiQuota.reservedAt)}
      where ${limit} = 0
        or q.${q(aiQuota.used)} + case when ${stale} then 0 else q.${q(aiQuota.reserved)} end < ${limit}
      returning 1
    )
    select m.*, exists (select 1 from r) as "__reserved" from m`;
  };
  type Raw = Record<string, unknown> & { __reserved: boolean };
  const [raw] = await preparedSql<typeof values>(db, "ai_find_model_and_reserve", build).rows<Raw>(
    values,
  );
  if (!raw) return { model: undefined, reserved: false };
  const model: Record<string, unknown> = {};
  for (const [key, col] of MODEL_COLUMNS) {
    const value = raw[key];
    model[key] = value === null || value === undefined ? null : col.mapFromDriverValue(value);
  }
  return { model: model as AiModelRow, reserved: raw.__reserved === true };
}

const slotWhere = (slot: QuotaSlot) =>
  and(
    eq(aiQuota.subject, slot.subject),
    eq(aiQuota.modelId, slot.modelId),
    eq(aiQuota.day, slot.day),
  );

/** A failed or cancelled call gives its slot back: nothing is used. */
export async function releaseQuota(db: Db, slot: QuotaSlot): Promise<void> {
  await db
    .update(aiQuota)
    .set({ reserved: sql`greatest(${aiQuota.reserved} - 1, 0)` })
    .where(slotWhere(slot));
}

export async function insertUsage(db: Db, row: typeof aiUsage.$inferInsert): Promise<void> {
  await db.insert(aiUsage).values(row);
}

/**
 * The webhook event of a signed-in caller's saved generation, as a CTE of the same statement:
 * `ai.generation.completed` (what was saved, by which model). The owner's target adds its own
 * events (a generated resume's `resume.created`) in its `after`.
 */
function generationEvents(
  userId: number | null,
  target: SaveTarget,
  model: string,
  now: Timestamp,
) {
  if (userId === null) return sql``;
  const savedAs =
    target.kind === "resume"
      ? "resume_id"
      : target.kind === "cover_letter"
        ? "cover_letter_id"
        : null;
  const completed = sql`(select jsonb_build_object('kind', ${target.kind}::text, 'model', ${model}::text
      ${savedAs ? sql`, ${savedAs}::text, saved.id` : sql``})::text from saved)`;
  return sql`, completed_event as (${eventDeliveriesSql({
    userId: sql`${userId}::int`,
    type: "ai.generation.completed",
    data: completed,
    now: sql`${now}::timestamptz`,
  })})`;
}

/**
 * What a successful generation writes: the owner's row (`SaveTarget`), the reserved slot
 * turned into a used one, and the ledger row. One statement of data-modifying CTEs, which
 * PostgreSQL runs atomically: one round trip instead of a five-statement transaction, half the
 * time the save took (see BENCHMARKS.md). The slot and the ledger row are written only if the
 * target was. Returns the new row's id, or undefined when there is no owner (the anonymous user
 * was not seeded) and nothing was written.
 */
export async function saveGenerated(
  db: Db,
  v: {
    userId: number | null;
    target: SaveTarget;
    content: string;
    /** The display name of the model that wrote it (a cover letter keeps it). */
    model: string;
    now: Timestamp;
    slot: QuotaSlot;
    usage: typeof aiUsage.$inferInsert;
  },
): Promise<number | undefined> {
  const u = v.usage;
  const w = { content: v.content, model: v.model, now: v.now };
  const [row] = await executeRows<{ id: string | number | bigint }>(
    db,
    sql`with owner as (
      select ${userOrAnonymousSql(v.userId)} as id
    ), saved as (
      ${v.target.saved(w)}
    )${v.target.after?.(w) ?? sql``}, slot_used as (
      update ${aiQuota} set ${q(aiQuota.used)} = ${aiQuota.used} + 1,
        ${q(aiQuota.reserved)} = greatest(${aiQuota.reserved} - 1, 0)
      where ${slotWhere(v.slot)} and exists (select 1 from saved)
    ), logged as (
      insert into ${aiUsage} (${columnList(
        aiUsage.userId,
        aiUsage.clientIp,
        aiUsage.modelId,
        aiUsage.outcome,
        aiUsage.latencyMs,
        aiUsage.attempts,
        aiUsage.promptTokens,
        aiUsage.completionTokens,
        aiUsage.createdAt,
      )})
      select ${u.userId ?? null}::int, ${u.clientIp ?? null}, ${u.modelId ?? null}::bigint,
        ${u.outcome}, ${u.latencyMs ?? 0}::int, ${u.attempts ?? 0}::int,
        ${u.promptTokens ?? null}::int, ${u.completionTokens ?? null}::int,
        ${(u.createdAt ?? new Date(v.now)).toISOString()}::timestamptz
      from saved
    )${generationEvents(v.userId, v.target, v.model, v.now)}
    select id from saved`,
  );
  return row === undefined ? undefined : Number(row.id);
}

/** Today's use per active model for one subject. */
export function usageForDay(db: Db, { subject, day }: { subject: string; day: string }) {
  return db
    .select({
      displayName: aiModel.displayName,
      dailyLimit: aiModel.dailyLimit,
      used: sql<number>`coalesce(${aiQuota.used}, 0)::int`,
    })
    .from(aiModel)
    .leftJoin(
      aiQuota,
      and(eq(aiQuota.modelId, aiModel.id), eq(aiQuota.subject, subject), eq(aiQuota.day, day)),
    )
    .where(eq(aiModel.isActive, true))
    .orderBy(asc(aiModel.displayName), asc(aiModel.id));
}
