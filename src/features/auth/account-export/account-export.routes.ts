import * as z from "zod";
import { currentUser } from "../../../core/auth";
import { timestampNow } from "../../../core/timestamps";
import { route } from "../../../route";
import { exportAccount } from "./account-export.service";

const rows = z.array(z.record(z.string(), z.unknown()));
const accountExportSchema = z.object({
  format: z.literal(1),
  exported_at: z.string(),
  profile: z.record(z.string(), z.unknown()).nullable(),
  resumes: rows,
  trash: rows,
  job_applications: rows,
  cover_letters: rows,
  share_links: rows,
  personal_tokens: rows,
  ai_usage: rows,
  webhooks: rows,
  timeline: rows,
  interviews: rows,
  reminders: rows,
  contacts: rows,
});

/** GET /api/auth/me/export/: the account's data as a download. */
export const accountExportRoutes = [
  route(
    {
      operationId: "exportAccount",
      method: "get",
      path: "/api/auth/me/export/",
      tag: "auth",
      access: "bearer",
      tokenScope: "account:read",
      summary: "Download everything your account owns (JSON, no secrets)",
      description:
        "Profile, resumes with their versions, the trash, job applications, cover letters, " +
        "share links, personal tokens (hints only), AI usage, webhooks (no secrets), the " +
        "applications' timelines, interviews, reminders and contacts (with their linked " +
        "applications' ids). No password, token or share hashes.",
      responses: {
        200: {
          description: "A JSON attachment.",
          schema: accountExportSchema,
          headers: {
            "Content-Disposition": {
              description: 'attachment; filename="resumate-export-<user id>.json"',
            },
          },
        },
      },
    },
    async (c) => {
      const user = currentUser(c);
      const deps = c.env.deps;
      const body = await exportAccount(deps.database.db, user.id, timestampNow(deps.clock));
      // The id, not the username: Django allows any Unicode letter there, a header does not.
      return c.json(body, 200, {
        "Content-Disposition": `attachment; filename="resumate-export-${user.id}.json"`,
        "Cache-Control": "no-store",
      });
    },
  ),
] as const;
