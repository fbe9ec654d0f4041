import type { ResumeRow } from "./resumes.queries";
import { type ResumeJson, resumeShape } from "./resumes.schemas";

/** Every resume handed out is the caller's own, so `user` is the caller's username. */
export const toResumeJson = (row: ResumeRow, username: string): ResumeJson =>
  resumeShape.serialize(row, { username });
