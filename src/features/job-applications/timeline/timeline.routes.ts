import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { route } from "../../../route";
import { noteSchema, timelineEntrySchema, timelineSchema } from "./timeline.schemas";
import { addNote, getTimeline } from "./timeline.service";

const common = { tag: "job-applications", access: "bearer" } as const;
const entryExample = {
  id: 41,
  kind: "status_changed",
  at: "2026-01-20T09:15:00.123456Z",
  data: { from: "Applied", to: "Interviewing" },
};

/** An application's timeline (recorded by the server) and the notes a user adds to it. */
export const timelineRoutes = [
  route(
    {
      ...common,
      operationId: "getJobApplicationTimeline",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/{id}/timeline/",
      params: idParams,
      summary: "What happened to one of your applications, oldest first",
      description:
        "Kinds: `created` `{status}`, `status_changed` `{from, to}`, `interview_scheduled` `{interview_id}`, `note` `{text}`, `resume_tailored` `{resume_id}`, `cover_letter_written` `{cover_letter_id}`, `resume_sent` `{resume_id, version_id}` (the resume's state when the application became `Applied`, readable at `/api/resumes/{resume_id}/versions/{version_id}/`), `deleted`, `restored`. Every status change is recorded once, whatever path made it (PUT, PATCH, bulk, import). At most the newest 1,000 entries.",
      responses: {
        200: { description: "The entries.", schema: timelineSchema, example: [entryExample] },
      },
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      return c.json(await getTimeline(c.get("reader"), owned));
    },
  ),
  route(
    {
      ...common,
      operationId: "addJobApplicationNote",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/{id}/notes/",
      params: idParams,
      summary: "Add a note to an application's timeline",
      body: noteSchema,
      bodyExample: { text: "Recruiter called: second round next week." },
      responses: {
        201: {
          description: "The timeline entry (`kind: note`).",
          schema: timelineEntrySchema,
          example: { ...entryExample, kind: "note", data: { text: "Recruiter called." } },
        },
      },
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      return c.json(await addNote(c.env.deps, owned, c.req.valid("json")), 201);
    },
  ),
] as const;
