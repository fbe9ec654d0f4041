import type { ResumeRow } from "./resumes.queries";
import type { ResumeJson } from "./resumes.schemas";

/** Every resume handed out is the caller's own, so `user` is the caller's username. */
export function toResumeJson(row: ResumeRow, username: string): ResumeJson {
  return {
    id: row.id,
    user: username,
    title: row.title,
    content: row.content,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
