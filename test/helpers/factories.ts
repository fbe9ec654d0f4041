import { nowSeconds } from "../../src/core/clock";
import { signToken } from "../../src/core/tokens";
import { authUser } from "../../src/db/schema";
import { type TestContext, uniqueName } from "./deps";

export interface TestUser {
  id: number;
  username: string;
  token: string;
}

/**
 * Inserts a user row and signs an access token for it directly, so feature tests do not depend
 * on the auth endpoints. The password is unusable: these users never log in.
 */
export async function createUserWithToken(
  t: TestContext,
  opts: { username?: string; isStaff?: boolean; isActive?: boolean } = {},
): Promise<TestUser> {
  const username = opts.username ?? uniqueName();
  const [row] = await t.deps.database.db
    .insert(authUser)
    .values({
      username,
      email: `${username}@example.com`,
      password: "!unusable",
      isStaff: opts.isStaff ?? false,
      isActive: opts.isActive ?? true,
    })
    .returning({ id: authUser.id });
  if (!row) throw new Error("user insert returned no row");
  const { config } = t.deps;
  const { token } = await signToken(
    {
      secretKey: config.secretKey,
      accessLifetime: config.ACCESS_TOKEN_LIFETIME,
      refreshLifetime: config.REFRESH_TOKEN_LIFETIME,
    },
    "access",
    row.id,
    nowSeconds(t.clock),
  );
  return { id: row.id, username, token };
}
