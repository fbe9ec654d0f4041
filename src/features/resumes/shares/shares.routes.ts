import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { linkBase } from "../../../core/public-url";
import { passwordScope, spend, userKey } from "../../../core/throttle";
import { type RouteContext, type RouteSpec, route } from "../../../route";
import { createShareSchema, sharedResumeSchema, shareSchema, tokenParams } from "./shares.schemas";
import { createShare, openShared, revokeShares } from "./shares.service";
import { SHARE_PASSWORD_HEADER, shareGuard, sharePasswordScope } from "./shares.throttle";

type ShareContext = RouteContext<
  RouteSpec & { path: "/api/resumes/{id}/share/"; params: typeof idParams }
>;
const owned = (c: ShareContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });
const token = "q3Vd0xK7Zr1yTn4HcWbPaA";

/** Read-only links to a resume: created and revoked by its owner, read by anyone holding one. */
export const shareRoutes = [
  route(
    {
      tag: "resumes",
      access: "bearer",
      operationId: "shareResume",
      tokenScope: "resumes:write",
      method: "post",
      path: "/api/resumes/{id}/share/",
      params: idParams,
      errors: [503],
      summary: "Create a read-only link to a resume",
      description:
        "`expires_in_days`: 1-365, default 30, `null` for a link that never expires. With a " +
        "`password` (Django's validators, as on registration; it counts against the user's " +
        "password-check throttle), readers send it in the X-Share-Password header (the page asks for it). " +
        "The token is shown once; only its SHA-256 is stored.",
      body: createShareSchema,
      bodyExample: { expires_in_days: 14, password: "for-acme-only" },
      responses: {
        201: {
          description: "The link.",
          schema: shareSchema,
          example: {
            token,
            url: `https://api.example.com/r/${token}`,
            expires_at: "2026-01-29T10:30:00.123Z",
          },
        },
      },
    },
    async (c) => {
      const input = c.req.valid("json");
      // A protected link costs a hash: one of the owner's password checks (the login rate).
      if (input.password) await spend(c, passwordScope, userKey(currentUser(c).id));
      const link = await createShare(c.env.deps, owned(c), input, linkBase(c));
      return c.json(link, 201);
    },
  ),
  route(
    {
      tag: "resumes",
      access: "bearer",
      operationId: "revokeResumeShares",
      tokenScope: "resumes:write",
      method: "delete",
      path: "/api/resumes/{id}/share/",
      params: idParams,
      summary: "Revoke every link to a resume",
      responses: { 204: { description: "Revoked: the links answer 404 from now on." } },
    },
    async (c) => {
      await revokeShares(c.env.deps, owned(c));
      return c.body(null, 204);
    },
  ),
  route(
    {
      tag: "shared",
      access: "public",
      operationId: "getSharedResume",
      method: "get",
      path: "/api/shared/{token}/",
      throttle: [sharePasswordScope],
      params: tokenParams,
      errors: [503],
      summary: "A shared resume, as JSON",
      description:
        "404 for an unknown, expired or revoked token. A protected link needs the X-Share-Password " +
        "header: 401 without it or with a wrong one; attempts are throttled per token and IP, " +
        "and wrong ones per token over every IP (see README).",
      responses: {
        200: {
          description: "The resume.",
          schema: sharedResumeSchema,
          example: {
            title: "Backend engineer",
            content: "# Alice\n...",
            updated_at: "2026-01-15T10:30:00.123456Z",
          },
        },
      },
    },
    async (c) => {
      const password = c.req.header(SHARE_PASSWORD_HEADER);
      const doc = await openShared(c.env.deps, c.req.valid("param").token, password, shareGuard(c));
      c.header("Cache-Control", "no-store");
      c.header("X-Robots-Tag", "noindex");
      return c.json({ title: doc.title, content: doc.content, updated_at: doc.updatedAt });
    },
  ),
] as const;
