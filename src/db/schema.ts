import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { systemClock } from "../core/clock";
import { drfTimestamp, type Timestamp, timestampNow } from "../core/timestamps";

/**
 * Tables and columns carry the Django service's names and types so that its database works as is.
 * Tables prefixed `resumate_` are ours (token revocation, AI quota and usage ledger, cover letters,
 * resume versions, trash and share links); Django ignores the two columns we add to ai_aimodel.
 */

/** Our own tables' times: instants the code computes with. */
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Django's datetime columns: DRF's strings from the driver on, so microseconds survive the round
 * trip (a Date keeps milliseconds); see core/timestamps.ts.
 */
const djangoTstz = customType<{ data: Timestamp; driverData: string }>({
  dataType: () => "timestamp with time zone",
  fromDriver: drfTimestamp,
});

/** A Django datetime the row's writer sets (Django's tables have no default; ours add now()). */
const djangoNow = (name: string) =>
  djangoTstz(name)
    .notNull()
    .default(sql`now()`)
    .$defaultFn(() => timestampNow(systemClock));

export const authUser = pgTable("auth_user", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  password: varchar("password", { length: 128 }).notNull(),
  lastLogin: djangoTstz("last_login"),
  isSuperuser: boolean("is_superuser")
    .notNull()
    .default(false)
    .$defaultFn(() => false),
  username: varchar("username", { length: 150 }).notNull().unique("auth_user_username_key"),
  firstName: varchar("first_name", { length: 150 })
    .notNull()
    .default("")
    .$defaultFn(() => ""),
  lastName: varchar("last_name", { length: 150 })
    .notNull()
    .default("")
    .$defaultFn(() => ""),
  email: varchar("email", { length: 254 })
    .notNull()
    .default("")
    .$defaultFn(() => ""),
  isStaff: boolean("is_staff")
    .notNull()
    .default(false)
    .$defaultFn(() => false),
  isActive: boolean("is_active")
    .notNull()
    .default(true)
    .$defaultFn(() => true),
  dateJoined: djangoNow("date_joined"),
});

export const resume = pgTable(
  "resume_resume",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    title: varchar("title", { length: 255 }).notNull(),
    content: text("content").notNull(),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
  },
  (t) => [index("resume_resume_user_updated_idx").on(t.userId, t.updatedAt)],
);

export const jobApplication = pgTable(
  "job_tracker_jobapplication",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    jobTitle: varchar("job_title", { length: 255 }),
    companyName: varchar("company_name", { length: 255 }),
    originalJobDescription: text("original_job_description"),
    dateApplied: date("date_applied", { mode: "string" }),
    status: varchar("status", { length: 20 })
      .notNull()
      .default("Applied")
      .$defaultFn(() => "Applied"),
    notes: text("notes"),
    isDeleted: boolean("is_deleted")
      .notNull()
      .default(false)
      .$defaultFn(() => false),
    isExample: boolean("is_example")
      .notNull()
      .default(false)
      .$defaultFn(() => false),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    resumeUsedId: bigint("resume_used_id", { mode: "number" }).references(() => resume.id, {
      onDelete: "set null",
    }),
  },
  (t) => [
    index("job_app_user_deleted_created_idx").on(t.userId, t.isDeleted, t.createdAt),
    index("job_app_resume_used_idx").on(t.resumeUsedId),
    index("job_app_example_idx").on(t.isExample).where(sql`${t.isExample}`),
  ],
);

export const aiModel = pgTable(
  "ai_aimodel",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    displayName: varchar("display_name", { length: 100 })
      .notNull()
      .unique("ai_aimodel_display_name_key"),
    modelName: varchar("model_name", { length: 100 }).notNull(),
    apiProvider: varchar("api_provider", { length: 50 }).notNull(),
    apiKeyName: varchar("api_key_name", { length: 100 }).notNull(),
    isActive: boolean("is_active")
      .notNull()
      .default(true)
      .$defaultFn(() => true),
    loginRequired: boolean("login_required")
      .notNull()
      .default(false)
      .$defaultFn(() => false),
    dailyLimit: integer("daily_limit")
      .notNull()
      .default(0)
      .$defaultFn(() => 0),
    responseTimeInfo: varchar("response_time_info", { length: 100 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    description: text("description")
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
    /** Ours (Django ignores it): the server of an `openai_compatible` model, e.g. `http://ollama:11434/v1`. */
    baseUrl: varchar("base_url", { length: 500 }),
    /** Ours: the display name of the model that answers when this one cannot (breaker open, failed). */
    fallbackModel: varchar("fallback_model", { length: 100 }),
  },
  (t) => [uniqueIndex("ai_aimodel_display_name_ci_uniq").on(sql`lower(${t.displayName})`)],
);

/** Refresh-token revocations: a token id (`jti`) or a whole rotation family (`family`). */
export const revokedToken = pgTable(
  "resumate_revoked_token",
  {
    id: varchar("id", { length: 255 }).notNull(),
    kind: varchar("kind", { length: 10 }).notNull(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.id] }),
    index("resumate_revoked_exp_idx").on(t.expiresAt),
  ],
);

/** Refresh tokens issued before `not_before` are invalid (password change, account events). */
export const tokenCutoff = pgTable("resumate_token_cutoff", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => authUser.id, { onDelete: "cascade" }),
  notBefore: tstz("not_before").notNull(),
});

/** Daily AI quota, one row per subject (user id or IP) per model per UTC day. */
export const aiQuota = pgTable(
  "resumate_ai_quota",
  {
    subject: varchar("subject", { length: 100 }).notNull(),
    modelId: bigint("model_id", { mode: "number" })
      .notNull()
      .references(() => aiModel.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    used: integer("used")
      .notNull()
      .default(0)
      .$defaultFn(() => 0),
    reserved: integer("reserved")
      .notNull()
      .default(0)
      .$defaultFn(() => 0),
    /** When the last reservation was taken: reservations older than a call can last are stale
     * (a crashed process never released them) and no longer count against the limit. */
    reservedAt: tstz("reserved_at"),
  },
  (t) => [primaryKey({ columns: [t.subject, t.modelId, t.day] })],
);

/** One row per generation attempt. */
export const aiUsage = pgTable(
  "resumate_ai_usage",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").references(() => authUser.id, { onDelete: "set null" }),
    clientIp: varchar("client_ip", { length: 64 }),
    modelId: bigint("model_id", { mode: "number" }).references(() => aiModel.id, {
      onDelete: "set null",
    }),
    outcome: varchar("outcome", { length: 20 }).notNull(),
    latencyMs: integer("latency_ms")
      .notNull()
      .default(0)
      .$defaultFn(() => 0),
    attempts: integer("attempts")
      .notNull()
      .default(0)
      .$defaultFn(() => 0),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    createdAt: tstz("created_at")
      .notNull()
      .defaultNow()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    index("resumate_ai_usage_user_created_idx").on(t.userId, t.createdAt),
    index("resumate_ai_usage_model_idx").on(t.modelId),
  ],
);

/** Cover letters written for an application (ours; the application may be soft-deleted or gone). */
export const coverLetter = pgTable(
  "resumate_cover_letter",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    jobApplicationId: bigint("job_application_id", { mode: "number" }).references(
      () => jobApplication.id,
      { onDelete: "set null" },
    ),
    title: varchar("title", { length: 255 }).notNull(),
    content: text("content").notNull(),
    /** The display name of the model that wrote it. */
    model: varchar("model", { length: 100 }),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
  },
  (t) => [
    index("resumate_cover_letter_user_updated_idx").on(t.userId, t.updatedAt),
    index("resumate_cover_letter_application_idx").on(t.jobApplicationId),
  ],
);

/**
 * Earlier states of a resume (ours). No foreign key to resume_resume: a deleted resume's versions
 * stay with it in the trash and come back with it; the purge removes them.
 */
export const resumeVersion = pgTable(
  "resumate_resume_version",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    resumeId: bigint("resume_id", { mode: "number" }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    title: varchar("title", { length: 255 }).notNull(),
    content: text("content").notNull(),
    createdAt: djangoNow("created_at"),
  },
  (t) => [index("resumate_resume_version_resume_idx").on(t.resumeId, t.id)],
);

/** Deleted resumes (ours): the row as it was, same id, until `purge_at`. */
export const resumeTrash = pgTable(
  "resumate_resume_trash",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    title: varchar("title", { length: 255 }).notNull(),
    content: text("content").notNull(),
    createdAt: djangoTstz("created_at").notNull(),
    updatedAt: djangoTstz("updated_at").notNull(),
    /** Applications whose resume_used the delete set to null: relinked on restore. */
    linkedApplications: jsonb("linked_applications")
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'::jsonb`)
      .$defaultFn(() => []),
    deletedAt: djangoNow("deleted_at"),
    purgeAt: tstz("purge_at").notNull(),
  },
  (t) => [
    index("resumate_resume_trash_user_idx").on(t.userId, t.deletedAt),
    index("resumate_resume_trash_purge_idx").on(t.purgeAt),
  ],
);

/** Read-only share links (ours): the token is only ever stored hashed. */
export const shareLink = pgTable(
  "resumate_share_link",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    resumeId: bigint("resume_id", { mode: "number" })
      .notNull()
      .references(() => resume.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    tokenHash: varchar("token_hash", { length: 64 })
      .notNull()
      .unique("resumate_share_link_token_key"),
    /** Django's password format (pbkdf2_sha256), or null for a link without a password. */
    passwordHash: varchar("password_hash", { length: 128 }),
    expiresAt: tstz("expires_at"),
    createdAt: djangoNow("created_at"),
  },
  (t) => [index("resumate_share_link_resume_idx").on(t.resumeId)],
);

// Issue 25: personal access tokens (part A). Stored as a SHA-256 only; deleted on revocation.
export const personalToken = pgTable(
  "resumate_personal_token",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 100 }).notNull(),
    tokenHash: varchar("token_hash", { length: 64 })
      .notNull()
      .unique("resumate_personal_token_hash_key"),
    tokenHint: varchar("token_hint", { length: 4 }).notNull(),
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    createdAt: djangoNow("created_at"),
    expiresAt: djangoTstz("expires_at"),
    lastUsedAt: djangoTstz("last_used_at"),
  },
  (t) => [index("resumate_personal_token_user_idx").on(t.userId, t.createdAt)],
);

// Issue 25, part B: webhooks (the subscriptions, and their deliveries, which are the outbox).

/** A user's webhook endpoint (ours): at most 10 a user, `secret` shown once (stored as given). */
export const webhook = pgTable(
  "resumate_webhook",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    url: varchar("url", { length: 2048 }).notNull(),
    description: varchar("description", { length: 255 }).notNull().default(""),
    /** Event types, or `*` for all. */
    events: text("events").array().notNull(),
    /** `whsec_` + base64 of the signing key: it must sign, so it is kept as it was shown. */
    secret: varchar("secret", { length: 100 }).notNull(),
    isActive: boolean("is_active").notNull().default(true),
    /** The first failed attempt since the last success (null when the last attempt succeeded). */
    failingSince: tstz("failing_since"),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
  },
  (t) => [index("resumate_webhook_user_idx").on(t.userId)],
);

/**
 * One event for one webhook (ours), written in the transaction of the change that caused it:
 * the outbox the delivery worker drains, and the delivery log. `msg_id` is the `webhook-id`
 * header, the same on every attempt; `data` is the event's JSON text, sent as written.
 */
export const webhookDelivery = pgTable(
  "resumate_webhook_delivery",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    webhookId: bigint("webhook_id", { mode: "number" })
      .notNull()
      .references(() => webhook.id, { onDelete: "cascade" }),
    msgId: varchar("msg_id", { length: 40 })
      .notNull()
      .default(sql`('msg_' || replace(gen_random_uuid()::text, '-', ''))`),
    event: varchar("event", { length: 64 }).notNull(),
    data: text("data").notNull(),
    /** `pending`, `delivered` or `failed`. */
    status: varchar("status", { length: 16 }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When a pending delivery is due (a claimed one: when its claim lapses). */
    nextAttemptAt: tstz("next_attempt_at").notNull(),
    responseStatus: integer("response_status"),
    /** The start of the last answer's body (at most 1 KiB read), or why there was none. */
    responseExcerpt: varchar("response_excerpt", { length: 1024 }),
    lastError: varchar("last_error", { length: 200 }),
    createdAt: tstz("created_at").notNull(),
    deliveredAt: tstz("delivered_at"),
  },
  (t) => [
    index("resumate_webhook_delivery_webhook_idx").on(t.webhookId, t.id),
    index("resumate_webhook_delivery_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

// Issue 23 (tracker, part A): interviews, contacts, reminders and the calendar feed. Rows of a
// hard-deleted application go with it (cascade); a soft-deleted one's are hidden by the queries.

/** Interviews of an application (ours). */
export const interview = pgTable(
  "resumate_interview",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    jobApplicationId: bigint("job_application_id", { mode: "number" })
      .notNull()
      .references(() => jobApplication.id, { onDelete: "cascade" }),
    scheduledAt: djangoTstz("scheduled_at").notNull(),
    durationMinutes: integer("duration_minutes")
      .notNull()
      .default(60)
      .$defaultFn(() => 60),
    kind: varchar("kind", { length: 20 })
      .notNull()
      .default("other")
      .$defaultFn(() => "other"),
    location: varchar("location", { length: 255 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    notes: text("notes")
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    outcome: varchar("outcome", { length: 20 })
      .notNull()
      .default("pending")
      .$defaultFn(() => "pending"),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
  },
  (t) => [
    index("resumate_interview_user_scheduled_idx").on(t.userId, t.scheduledAt),
    index("resumate_interview_application_idx").on(t.jobApplicationId, t.scheduledAt),
  ],
);

/** People met during a search (ours), linked to any of the owner's applications. */
export const contact = pgTable(
  "resumate_contact",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 100 }).notNull(),
    email: varchar("email", { length: 254 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    phone: varchar("phone", { length: 50 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    company: varchar("company", { length: 255 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    role: varchar("role", { length: 255 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    url: varchar("url", { length: 200 })
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    notes: text("notes")
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
  },
  (t) => [index("resumate_contact_user_name_idx").on(t.userId, t.name)],
);

/** Which applications a contact is linked to (both rows the same owner's, checked on write). */
export const contactApplication = pgTable(
  "resumate_contact_application",
  {
    contactId: bigint("contact_id", { mode: "number" })
      .notNull()
      .references(() => contact.id, { onDelete: "cascade" }),
    jobApplicationId: bigint("job_application_id", { mode: "number" })
      .notNull()
      .references(() => jobApplication.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.jobApplicationId] }),
    index("resumate_contact_application_app_idx").on(t.jobApplicationId),
  ],
);

/** Reminders with a due date (ours). */
export const reminder = pgTable(
  "resumate_reminder",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    jobApplicationId: bigint("job_application_id", { mode: "number" })
      .notNull()
      .references(() => jobApplication.id, { onDelete: "cascade" }),
    dueAt: djangoTstz("due_at").notNull(),
    note: text("note")
      .notNull()
      .default("")
      .$defaultFn(() => ""),
    done: boolean("done")
      .notNull()
      .default(false)
      .$defaultFn(() => false),
    createdAt: djangoNow("created_at"),
    updatedAt: djangoNow("updated_at"),
  },
  (t) => [
    index("resumate_reminder_user_due_idx").on(t.userId, t.dueAt),
    index("resumate_reminder_application_idx").on(t.jobApplicationId, t.dueAt),
  ],
);

/**
 * A user's calendar feed (ours, one per user): only the SHA-256 of its secret token is kept, and
 * a new token replaces the row's hash. `etag` and `modified_at` are the feed as last served, so
 * Last-Modified moves only when the calendar's content does.
 */
export const calendarFeed = pgTable("resumate_calendar_feed", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => authUser.id, { onDelete: "cascade" }),
  tokenHash: varchar("token_hash", { length: 64 })
    .notNull()
    .unique("resumate_calendar_feed_token_key"),
  etag: varchar("etag", { length: 64 }),
  modifiedAt: tstz("modified_at"),
  createdAt: djangoNow("created_at"),
});

// Issue 23, part B: the timeline of each job application.

/**
 * What happened to an application, oldest first (ours): status changes, creation, deletes and
 * restores, notes, tailored resumes, cover letters, interviews and the resume that was sent.
 * `data` is small and built by the server (a note's text is capped at NOTE_MAX_CHARS);
 * `resume_version_id` names the version a `resume_sent` event keeps, which the versions' pruning
 * leaves alone.
 */
export const timelineEvent = pgTable(
  "resumate_timeline_event",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    jobApplicationId: bigint("job_application_id", { mode: "number" })
      .notNull()
      .references(() => jobApplication.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => authUser.id, { onDelete: "cascade" }),
    kind: varchar("kind", { length: 32 }).notNull(),
    at: djangoNow("at"),
    data: jsonb("data")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`)
      .$defaultFn(() => ({})),
    resumeVersionId: bigint("resume_version_id", { mode: "number" }),
  },
  (t) => [
    index("resumate_timeline_application_idx").on(t.jobApplicationId, t.id),
    index("resumate_timeline_user_kind_idx").on(t.userId, t.kind, t.at),
    index("resumate_timeline_version_idx")
      .on(t.resumeVersionId)
      .where(sql`${t.resumeVersionId} is not null`),
  ],
);
