import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { route } from "../../../route";
import { createdTokenSchema, createTokenSchema, tokenListSchema } from "./tokens.schemas";
import { toTokenJson } from "./tokens.serializers";
import { createToken, listTokens, revokeToken } from "./tokens.service";

const example = {
  id: 4,
  name: "backup script",
  scopes: ["resumes:read", "applications:write"],
  token_hint: "x9Qa",
  created_at: "2026-01-15T10:30:00.123456Z",
  expires_at: "2026-04-15T10:30:00.123456Z",
  last_used_at: null,
};
/** Only a session manages tokens: a token can neither mint nor revoke one. */
const common = { tag: "auth", access: "bearer", tokenScope: "session" } as const;

/** /api/auth/tokens/: personal access tokens for scripts and agents. */
export const tokenRoutes = [
  route(
    {
      ...common,
      operationId: "createPersonalToken",
      method: "post",
      path: "/api/auth/tokens/",
      summary: "Create a personal access token (its secret is shown in this answer only)",
      description:
        "Send it as `Authorization: Bearer rsm_pat_...`; it works where its scopes allow. " +
        "`expires_in_days` 1-365, null for never; 90 when left out.",
      body: createTokenSchema,
      bodyExample: { name: "backup script", scopes: ["resumes:read"], expires_in_days: 30 },
      responses: {
        201: {
          description: "Created; `token` is never shown again.",
          schema: createdTokenSchema,
          example: { ...example, token: "rsm_pat_4kD0...x9Qa" },
        },
      },
    },
    async (c) => {
      const { row, token } = await createToken(c.env.deps, currentUser(c).id, c.req.valid("json"));
      return c.json({ ...toTokenJson(row), token }, 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "listPersonalTokens",
      method: "get",
      path: "/api/auth/tokens/",
      summary: "Your personal access tokens, newest first (without their secrets)",
      responses: {
        200: { description: "Your tokens.", schema: tokenListSchema, example: [example] },
      },
    },
    async (c) => c.json((await listTokens(c.get("reader"), currentUser(c).id)).map(toTokenJson)),
  ),
  route(
    {
      ...common,
      operationId: "revokePersonalToken",
      method: "delete",
      path: "/api/auth/tokens/{id}/",
      params: idParams,
      summary: "Revoke a personal access token (refused from the next request on)",
      responses: { 204: { description: "Revoked." } },
    },
    async (c) => {
      await revokeToken(c.env.deps, { id: c.req.valid("param").id, userId: currentUser(c).id });
      return c.body(null, 204);
    },
  ),
] as const;
