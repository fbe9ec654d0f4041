import { z } from "zod";
import { charField } from "../../core/fields";

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

/** One resume as the API answers it; `user` is the owner's username. */
export const resumeSchema = z.object({
  id: z.number().int(),
  user: z.string(),
  title: z.string(),
  content: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const resumeListSchema = z.array(resumeSchema);

export type ResumeJson = z.output<typeof resumeSchema>;
