import * as z from "zod";

/** zod issues → DRF's `{field: [messages]}`; issues on the object itself → non_field_errors. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const head = issue.path[0];
    const key = head === undefined ? "non_field_errors" : String(head);
    const message =
      head === undefined && issue.code === "invalid_type"
        ? "Invalid data. Expected a dictionary, but got list."
        : issue.message;
    const list = out[key] ?? [];
    if (!list.includes(message)) list.push(message);
    out[key] = list;
  }
  return out;
}

/**
 * DRF reports field errors in the serializer's declared field order, whichever check found them
 * (a field's own validators, a database check, a password validator): the schema's shape order
 * here. Keys outside the shape (`non_field_errors`) follow.
 */
export function inFieldOrder(
  schema: z.ZodType,
  errors: Record<string, string[]>,
): Record<string, string[]> {
  if (!(schema instanceof z.ZodObject)) return errors;
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(schema.shape)) {
    const messages = errors[key];
    if (messages) out[key] = messages;
  }
  for (const [key, messages] of Object.entries(errors)) out[key] ??= messages;
  return out;
}
