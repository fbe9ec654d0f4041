import { currentUser, requireUser } from "../../core/auth";
import { createRouter } from "../../core/http";
import { validate } from "../../core/validate";
import {
  deleteAccountSchema,
  logoutSchema,
  passwordChangeSchema,
  registerSchema,
  tokenObtainSchema,
  tokenRefreshSchema,
  tokenVerifySchema,
} from "./auth.schemas";
import {
  changePassword,
  deleteAccount,
  obtainTokens,
  register,
  serializeMe,
  usernameCheck,
} from "./auth.service";
import { logout, refreshTokens, verifyAnyToken } from "./auth.session";

/** /api/auth: registration, simplejwt-compatible tokens, and the signed-in account. */
export const authRoutes = createRouter()
  .post("/register", validate(registerSchema, "json", { username: usernameCheck }), async (c) => {
    const user = await register(c.env.deps, c.req.valid("json"));
    return c.json(user, 201);
  })
  .post("/token", validate(tokenObtainSchema), async (c) => {
    return c.json(await obtainTokens(c.env.deps, c.req.valid("json")));
  })
  .post("/token/refresh", validate(tokenRefreshSchema), async (c) => {
    return c.json(await refreshTokens(c.env.deps, c.req.valid("json").refresh));
  })
  .post("/token/verify", validate(tokenVerifySchema), async (c) => {
    await verifyAnyToken(c.env.deps, c.req.valid("json").token);
    return c.json({});
  })
  .post("/logout", requireUser, validate(logoutSchema), async (c) => {
    await logout(c.env.deps, currentUser(c).id, c.req.valid("json").refresh);
    return c.body(null, 205);
  })
  .get("/me", requireUser, (c) => c.json(serializeMe(currentUser(c))))
  .delete("/me", requireUser, validate(deleteAccountSchema), async (c) => {
    await deleteAccount(c.env.deps, currentUser(c), c.req.valid("json").password);
    return c.body(null, 204);
  })
  .post("/password/change", requireUser, validate(passwordChangeSchema), async (c) => {
    await changePassword(c.env.deps, currentUser(c), c.req.valid("json"));
    return c.body(null, 204);
  });
