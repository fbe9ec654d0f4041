import * as z from "zod";
import { charField, emailField } from "../../core/fields";
import { validatePassword } from "./password-validators";

/** Request and response shapes of /api/auth (also the source of the OpenAPI document). */

export const USERNAME_MESSAGE =
  "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";
export const USERNAME_TAKEN = "A user with that username already exists.";
export const PASSWORD_MISMATCH = "Password fields didn't match.";

/** Django's UnicodeUsernameValidator: Python's `\w` is Unicode letters, numbers and `_`. */
const USERNAME_RE = /^[\p{L}\p{N}_.@+-]+$/u;

const usernameField = charField({ max: 150 }).pipe(
  z.string().regex(USERNAME_RE, { error: USERNAME_MESSAGE }),
);

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export const registerSchema = z
  .object({
    username: usernameField,
    email: emailField(),
    password: charField(),
    password2: charField(),
  })
  // Password validators are field errors of `password`, reported with the other field errors
  // (asynchronous: the common-password list loads on first use; bodies parse with safeParseAsync).
  .superRefine(
    async (v, ctx) => {
      const password = str(v.password);
      if (!password) return;
      const attrs = { username: str(v.username)?.trim(), email: str(v.email)?.trim() };
      for (const message of await validatePassword(password, attrs)) {
        ctx.addIssue({ code: "custom", path: ["password"], message });
      }
    },
    { when: () => true },
  )
  // As DRF's Serializer.validate(): only once every field is valid.
  .superRefine(
    (v, ctx) => {
      if (v.password !== v.password2) {
        ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_MISMATCH });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  );
export type RegisterInput = z.output<typeof registerSchema>;

export const registerResponseSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
});

export const tokenObtainSchema = z.object({ username: charField(), password: charField() });
export type TokenObtainInput = z.output<typeof tokenObtainSchema>;
export const tokenPairSchema = z.object({ refresh: z.string(), access: z.string() });

export const tokenRefreshSchema = z.object({ refresh: charField() });
/** `refresh` only with ROTATE_REFRESH_TOKENS (simplejwt's defaults answer `{access}`). */
export const tokenRefreshResponseSchema = z.object({
  access: z.string(),
  refresh: z.string().optional(),
});

export const tokenVerifySchema = z.object({ token: charField() });
export const tokenVerifyResponseSchema = z.object({});

export const logoutSchema = z.object({ refresh: charField() });

export const meResponseSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  is_staff: z.boolean(),
  date_joined: z.string(),
});
export type MeResponse = z.output<typeof meResponseSchema>;

export const passwordChangeSchema = z.object({
  old_password: charField(),
  new_password: charField(),
  new_password2: charField(),
});
export type PasswordChangeInput = z.output<typeof passwordChangeSchema>;

export const deleteAccountSchema = z.object({ password: charField() });
