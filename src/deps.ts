import type { AiProviders } from "./ai-providers/provider";
import type { Outbound } from "./core/outbound";
import type { Hasher } from "./core/passwords";
import type { CoreDeps } from "./core/types";
import type { Database } from "./db/client";
import type { DocumentWork } from "./documents/work";

/** Everything handlers reach through `c.env.deps`, built by an entry (or a test). */
export interface Deps extends CoreDeps {
  database: Database;
  hasher: Hasher;
  ai: AiProviders;
  /** Rendering and parsing of user documents (a worker pool on Node, in process elsewhere). */
  documents: DocumentWork;
  /** Outgoing requests to addresses users choose (webhook deliveries). */
  outbound: Outbound;
}
