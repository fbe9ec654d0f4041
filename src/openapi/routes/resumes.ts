import {
  createResumeSchema,
  patchResumeSchema,
  resumeListSchema,
  resumeSchema,
  updateResumeSchema,
} from "../../features/resumes/resumes.schemas";
import { defineRoute } from "../spec";

const example = {
  id: 12,
  user: "alice",
  title: "Backend engineer",
  content: "# Alice\n\n## Experience\n...",
  created_at: "2026-01-15T10:30:00.123456Z",
  updated_at: "2026-01-15T10:30:00.123456Z",
};
const body = { title: "Backend engineer", content: "# Alice\n\n## Experience\n..." };
const one = { description: "The resume.", schema: resumeSchema, example } as const;

export const resumeRoutes = [
  defineRoute({
    operationId: "listResumes",
    method: "get",
    path: "/api/resumes/",
    tag: "resumes",
    summary: "List your resumes (newest change first)",
    access: "bearer",
    responses: {
      200: { description: "Your resumes.", schema: resumeListSchema, example: [example] },
    },
  }),
  defineRoute({
    operationId: "createResume",
    method: "post",
    path: "/api/resumes/",
    tag: "resumes",
    summary: "Create a resume",
    access: "bearer",
    body: createResumeSchema,
    bodyExample: body,
    responses: { 201: { ...one, description: "Created." } },
  }),
  defineRoute({
    operationId: "getResume",
    method: "get",
    path: "/api/resumes/{id}/",
    tag: "resumes",
    summary: "Read one of your resumes",
    access: "bearer",
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "replaceResume",
    method: "put",
    path: "/api/resumes/{id}/",
    tag: "resumes",
    summary: "Replace a resume",
    access: "bearer",
    body: updateResumeSchema,
    bodyExample: body,
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "updateResume",
    method: "patch",
    path: "/api/resumes/{id}/",
    tag: "resumes",
    summary: "Change some fields of a resume",
    access: "bearer",
    body: patchResumeSchema,
    bodyExample: { title: "Senior backend engineer" },
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "deleteResume",
    method: "delete",
    path: "/api/resumes/{id}/",
    tag: "resumes",
    summary: "Delete a resume",
    access: "bearer",
    responses: { 204: { description: "Deleted." } },
  }),
] as const;
