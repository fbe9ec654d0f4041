import * as z from "zod";
import { cacheStatusSchema } from "../../core/cache";
import { jobApplicationSchema } from "../job-applications";

export const EXAMPLES_LIMIT = 5;

/** The cached envelope of the existing service, `X-Cache-Status` beside it. */
export const exampleListSchema = z.object({
  cache_status: cacheStatusSchema,
  data: z.array(jobApplicationSchema).max(EXAMPLES_LIMIT),
});
export const exampleSchema = jobApplicationSchema;
