import type { CoreEnv } from "./core/types";
import type { Db } from "./db/client";
import type { Deps } from "./deps";

/** Hono environment of the whole app: the core's, with every dependency and the read choice. */
export interface AppEnv {
  Bindings: Omit<CoreEnv["Bindings"], "deps"> & { deps: Deps };
  Variables: CoreEnv["Variables"] & {
    /** Where this request's reads go: a replica, or the primary (see src/db/read-routing.ts). */
    reader: Db;
    /** The read-your-writes pin being looked up (settled after the throttles). */
    readerPin?: Promise<boolean>;
    /** The app's own `fetch`: MCP's tools call their REST twins through the whole chain. */
    appFetch: (req: Request, env: AppEnv["Bindings"]) => Response | Promise<Response>;
  };
}
