import { afterAll, beforeAll } from "vitest";
import { type ApiSuite, startApiSuite, waitReady } from "../helpers/e2e-api";
import { adminSpecs } from "./api/admin.spec";
import { aiSpecs } from "./api/ai.spec";
import { authSpecs } from "./api/auth.spec";
import { errorSpecs } from "./api/errors.spec";
import { jobApplicationSpecs } from "./api/job-applications.spec";
import { opsSpecs } from "./api/ops.spec";
import { resumeSpecs } from "./api/resumes.spec";

/**
 * Every endpoint of API.md over real HTTP, on the Node server or (E2E_WORKER=1) on `wrangler dev`.
 * `call()` validates every response against the served OpenAPI document, so each request here
 * also proves the contract. One server for all groups: the Worker takes ~35 s to start.
 */
let suite: ApiSuite | undefined;
const get = (): ApiSuite => {
  if (!suite) throw new Error("the e2e target did not start");
  return suite;
};

beforeAll(async () => {
  suite = await startApiSuite();
  await waitReady(suite.target);
}, 150_000);
afterAll(async () => {
  await suite?.stop();
}, 30_000);

opsSpecs(get);
authSpecs(get);
resumeSpecs(get);
jobApplicationSpecs(get);
aiSpecs(get);
adminSpecs(get);
errorSpecs(get);
