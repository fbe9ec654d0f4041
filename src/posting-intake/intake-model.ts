import * as z from "zod";
import type { PostingDraft } from "./intake";

/** The draft's fields a model may fill; never the description (the page's own text) or the URL. */
export const MODEL_FIELDS = ["job_title", "company_name", "location", "salary"] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];
export type ModelFields = Partial<Record<ModelField, string>>;

/** The fields the parse left null: what a model is asked for (none: no call). */
export const missingFields = (draft: PostingDraft): ModelField[] =>
  MODEL_FIELDS.filter((k) => draft[k] === null);

/** What a model writes for "not given" instead of null. */
const NOT_GIVEN = new Set(["", "null", "none", "n/a", "na", "unknown", "not specified", "-"]);

/** A value as the columns take it (spaces collapsed, at most 255), else nothing. */
const valueSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(z.string().max(255))
  .refine((s) => !NOT_GIVEN.has(s.toLowerCase()));

/**
 * The balanced `{...}` that starts at `start`, braces inside JSON strings skipped (one linear
 * pass), or undefined.
 */
function objectAt(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** A fenced block's content (```json ... ```), where a model put its answer. */
const FENCED = /```[a-zA-Z]*[ \t]*\n([\s\S]*?)```/;

/** How many `{` a text is searched from for a JSON object (prose may hold stray braces). */
const MAX_TRIES = 5;

/**
 * The first JSON object of a model's answer: inside a code fence when there is one, else
 * anywhere in the text (prose around it ignored), or undefined.
 */
function firstJsonObject(answer: string): Record<string, unknown> | undefined {
  const text = answer.slice(0, 100_000);
  const places = [FENCED.exec(text)?.[1], text].filter((s): s is string => s !== undefined);
  for (const place of places) {
    let start = place.indexOf("{");
    for (let tries = 0; start >= 0 && tries < MAX_TRIES; tries++) {
      const raw = objectAt(place, start);
      if (raw === undefined) break;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
          return parsed as Record<string, unknown>;
        }
      } catch {
        // Not JSON: try the next brace.
      }
      start = place.indexOf("{", start + 1);
    }
  }
  return undefined;
}

/**
 * The fields a model's answer gives: its first JSON object, each known key kept when it is a
 * usable string of at most 255 characters. Anything else (other keys, numbers, nested objects,
 * "unknown", text that is not JSON) is ignored: `{}` then.
 */
export function modelFields(answer: string): ModelFields {
  const record = firstJsonObject(answer);
  const out: ModelFields = {};
  if (!record) return out;
  for (const key of MODEL_FIELDS) {
    const value = valueSchema.safeParse(record[key]);
    if (value.success) out[key] = value.data;
  }
  return out;
}

/** The draft with only its null fields filled from the model: what the parse found stays. */
export function fillDraft(draft: PostingDraft, fields: ModelFields): PostingDraft {
  const filled = { ...draft };
  for (const key of MODEL_FIELDS) filled[key] = draft[key] ?? fields[key] ?? null;
  return filled;
}
