import type { Deps } from "../deps";
import type { BodyReader } from "./body";
import type { Logger } from "./logger";
import type { Timestamp } from "./timestamps";

/** What the common response headers need of Node's ServerResponse. */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}

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
    /** The runtime's own response, for the headers every answer carries (Node; see http.ts). */
    outgoing?: HeaderSink;
  };
  Variables: {
    requestId: string;
    logger: Logger;
    user: AuthUser | null;
    clientIp: string;
  };
}
