import * as z from "zod";
import { charField } from "../../../core/fields";
import { TIMELINE_KINDS } from "../job-applications.timeline";

/** A note's text is capped: it is stored in the entry's data and shown in every timeline read. */
export const NOTE_MAX_CHARS = 5000;

export const noteSchema = z.object({ text: charField({ max: NOTE_MAX_CHARS }) });
export type NoteInput = z.output<typeof noteSchema>;

export const timelineEntrySchema = z.object({
  id: z.number().int(),
  kind: z.enum(TIMELINE_KINDS),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const timelineSchema = z.array(timelineEntrySchema);
export type TimelineEntryJson = z.output<typeof timelineEntrySchema>;
