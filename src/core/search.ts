import * as z from "zod";
import { MSG } from "./fields";

/**
 * DRF's SearchFilter, bounded: the query is split on white space and commas and every term must
 * match. DRF has no cap, but each term costs a scan of every searched column per row, and on
 * the embedded database (one thread for every request) 7,000 terms held it for seconds. Past
 * the cap the query is refused here, in microseconds, before any database work (docs/API.md:
 * 20 and 100).
 */
export const MAX_SEARCH_TERMS = 20;
export const MAX_SEARCH_TERM_LENGTH = 100;

export function searchTerms(raw: string | undefined): string[] {
  return (raw ?? "").split(/[\s,]+/).filter((t) => t.length > 0);
}

function searchTermsProblem(raw: string): string | undefined {
  const terms = searchTerms(raw);
  if (terms.length > MAX_SEARCH_TERMS)
    return `Ensure this field has no more than ${MAX_SEARCH_TERMS} search terms.`;
  if (terms.some((t) => t.length > MAX_SEARCH_TERM_LENGTH))
    return `Ensure each search term has no more than ${MAX_SEARCH_TERM_LENGTH} characters.`;
  return undefined;
}

/** `?search=`: no NUL, at most 20 terms of at most 100 characters (`.optional()` it). */
export const searchQueryField = () =>
  z
    .string()
    .refine((v) => !v.includes("\u0000"), { error: MSG.nul })
    .superRefine((v, ctx) => {
      const message = searchTermsProblem(v);
      if (message) ctx.addIssue({ code: "custom", message });
    });
