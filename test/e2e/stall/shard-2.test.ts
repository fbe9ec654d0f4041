import { stallSuite } from "../../helpers/stall-suite";

/** Issue 21's stall cases, shard 2 of 2 (test/helpers/stall-suite.ts says what they are). */
stallSuite(1, 2);
