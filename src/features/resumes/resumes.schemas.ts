import * as z from "zod";
import { charField } from "../../core/fields";
import type { resume } from "../../db/schema";
import { defineShape } from "../../db/shape";

/** POST and PUT body: DRF's ResumeSerializer (`user` and timestamps are read-only, so stripped). */
export const createResumeSchema = z.object({
  title: charField({ max: 255 }),
  // A model TextField is a DRF CharField without a maximum.
  content: charField(),
});
export const updateResumeSchema = createResumeSchema;
export const patchResumeSchema = createResumeSchema.partial();

export type CreateResumeInput = z.output<typeof createResumeSchema>;
export type PatchResumeInput = z.output<typeof patchResumeSchema>;

/** One resume as the API answers it, written once; `user` is the owner's username. */
export const resumeShape = defineShape<typeof resume.$inferSelect, { username: string }>()({
  id: { column: "id", schema: z.number().int() },
  user: { read: (_row, owner) => owner.username, schema: z.string() },
  title: { column: "title", schema: z.string() },
  content: { column: "content", schema: z.string() },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});
export const resumeSchema = resumeShape.schema;
export const resumeListSchema = z.array(resumeSchema);

export type ResumeJson = z.output<typeof resumeSchema>;

/** A resume as a webhook event's `data` carries it: no content (read it through the API). */
export const resumeEventShape = defineShape<typeof resume.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  title: { column: "title", schema: z.string() },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});
