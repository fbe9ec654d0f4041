import { ApiError, notFound } from "../../../core/errors";
import { hashPassword, verifyPassword } from "../../../core/passwords";
import { timestampFromMicros, timestampNow } from "../../../core/timestamps";
import type { Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { type DownloadFormat, plainSharedPage } from "../../../documents/html-page";
import { overCap } from "../../../documents/limits";
import { findResume } from "../resumes.queries";
import { lockResume } from "../resumes.write";
import * as queries from "./shares.queries";
import { type CreateShareInput, DEFAULT_SHARE_DAYS, type ShareJson } from "./shares.schemas";
import type { ShareGuard } from "./shares.throttle";
import { hashShareToken, newShareToken, SHARE_TOKEN } from "./shares.tokens";

const DAY_MS = 86_400_000;

/**
 * A new read-only link to an owned resume: `{token, url, expires_at}`; the token is shown this
 * once (only its hash is kept). `base` is where absolute links start (see core/public-url.ts).
 */
export async function createShare(
  deps: Deps,
  owned: Owned,
  input: CreateShareInput,
  base: string,
): Promise<ShareJson> {
  const days = input.expires_in_days === undefined ? DEFAULT_SHARE_DAYS : input.expires_in_days;
  const expiresMs = days === null ? null : deps.clock.now() + days * DAY_MS;
  const token = newShareToken();
  const tokenHash = await hashShareToken(token);
  const passwordHash = input.password ? await hashPassword(deps.hasher, input.password) : null;
  const created = await deps.database.db.transaction(async (tx) => {
    // Locked, so a delete cannot slip between the ownership check and the insert.
    if (!(await lockResume(tx, owned))) return false;
    await queries.insertShareLink(tx, {
      resumeId: owned.id,
      userId: owned.userId,
      tokenHash,
      passwordHash,
      expiresAt: expiresMs === null ? null : new Date(expiresMs),
      now: timestampNow(deps.clock),
    });
    return true;
  });
  if (!created) throw notFound();
  return {
    token,
    url: `${base}/r/${token}`,
    expires_at: expiresMs === null ? null : timestampFromMicros(expiresMs * 1000),
  };
}

/** Every link of an owned resume stops working at once. */
export async function revokeShares(deps: Deps, owned: Owned): Promise<void> {
  const db = deps.database.db;
  if (!(await findResume(db, owned))) throw notFound();
  await queries.deleteShareLinks(db, { resumeId: owned.id, userId: owned.userId });
}

const SHARE_CHALLENGE = { "WWW-Authenticate": 'Share-Password realm="shared resume"' };
export const sharePasswordRequired = () =>
  new ApiError(
    401,
    { detail: "This link needs its password.", code: "share_password_required" },
    SHARE_CHALLENGE,
  );
export const sharePasswordIncorrect = () =>
  new ApiError(
    401,
    { detail: "Incorrect password.", code: "share_password_incorrect" },
    SHARE_CHALLENGE,
  );

/**
 * The resume behind a live link. Unknown, expired and revoked tokens are all 404; a protected
 * link wants its password (401 without it or with a wrong one; `guard` counts the wrong ones and
 * may refuse a guesser before the hash). Read from the primary: a revoked link must stop at
 * once, not when a replica catches up.
 */
export async function openShared(
  deps: Deps,
  token: string,
  password: string | undefined,
  guard: ShareGuard,
) {
  if (!SHARE_TOKEN.test(token)) throw notFound();
  const tokenHash = await hashShareToken(token);
  const row = await queries.findShared(deps.database.db, {
    tokenHash,
    now: new Date(deps.clock.now()),
  });
  if (!row) throw notFound();
  if (row.passwordHash !== null) {
    if (password === undefined) throw sharePasswordRequired();
    const link = { tokenHash, ownerId: row.ownerId };
    await guard.beforeCheck(link);
    const { ok } = await verifyPassword(deps.hasher, password, row.passwordHash);
    if (!ok) {
      await guard.failed(link);
      throw sharePasswordIncorrect();
    }
  }
  const { title, content, updatedAt } = row;
  return { title, content, updatedAt, protected: row.passwordHash !== null };
}

/**
 * The HTML of a shared resume's page, laid out by a document job; content over the render cap
 * (documents/limits.ts) is shown as escaped plain text instead (one linear pass, no Markdown
 * parse, no downloads): the owner shared it, so a reader still sees it, at the cost of the JSON
 * answer of `/api/shared/{token}/` rather than a parse an anonymous reader could repeat.
 */
export function sharedPageHtml(
  deps: Pick<Deps, "documents">,
  doc: { title: string; content: string },
  opts: { formats: readonly DownloadFormat[]; password?: string },
): Promise<string> {
  if (overCap(doc.content)) return Promise.resolve(plainSharedPage(doc));
  const page = { title: doc.title, content: doc.content, ...opts };
  return deps.documents.run({ kind: "page", page });
}
