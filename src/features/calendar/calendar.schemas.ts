import * as z from "zod";
import { FEED_TOKEN_LENGTH, isFeedToken } from "./calendar.tokens";

const SUFFIX = ".ics";

/**
 * `{token}.ics`: the router hands the segment over whole (src/route.ts); anything but a token
 * of the right form followed by `.ics` is the feed's 404, before any hash or query.
 */
export const feedParams = z.object({
  token: z
    .string()
    .refine((v) => v.endsWith(SUFFIX) && isFeedToken(v.slice(0, -SUFFIX.length)))
    .transform((v) => v.slice(0, -SUFFIX.length))
    .pipe(
      z
        .string()
        .length(FEED_TOKEN_LENGTH)
        .regex(/^[\w-]+$/),
    ),
});

export const feedUrlSchema = z.object({
  url: z.string().describe("The secret feed URL (shown once; only its hash is kept)."),
});
