import type { Deps } from "../deps";
import type { BodyReader } from "./body";
import type { Logger } from "./logger";
import type { ResponseHeaders } from "./response-headers";
import type { Timestamp } from "./timestamps";

/** The signed-in user as the auth middleware loads it. */
export interface AuthUser {
  id: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  isStaff: boolean;
  isSuperuser: boolean;
  dateJoined: Timestamp;
}

/** Hono environment of the whole app: `c.env.deps` for services, `c.var` for per-request facts. */
export interface AppEnv {
  Bindings: {
    deps: Deps;
    /** The peer address of the connection, as the entry knows it. */
    socketIp?: string;
    /** Reads the body from the runtime's own request (Node); else it comes from `c.req`. */
    readBody?: BodyReader;
    /** The headers every answer carries; the caller of `app.fetch` sends them with it. */
    headers: ResponseHeaders;
  };
  Variables: {
    requestId: string;
    logger: Logger;
    user: AuthUser | null;
    clientIp: string;
  };
}
