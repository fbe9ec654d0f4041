import { currentUser } from "../../core/auth";
import { rowPrecondition } from "../../core/etag";
import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  type ContactInput,
  contactInputSchema,
  contactListSchema,
  contactSchema,
  listContactsQuerySchema,
  patchContactSchema,
} from "./contacts.schemas";
import { toContactJson } from "./contacts.serializers";
import {
  applicationsCheck,
  changeContact,
  createContact,
  deleteContact,
  getContact,
  listContacts,
} from "./contacts.service";

/** A contact as the document shows it. */
export const contactExample = {
  id: 2,
  name: "Dana Recruiter",
  email: "dana@acme.example",
  phone: "+49 30 1234567",
  company: "Acme",
  role: "Technical recruiter",
  url: "https://www.linkedin.com/in/dana",
  notes: "Prefers email.",
  job_applications: [7],
  created_at: "2026-01-15T10:30:00.123456Z",
  updated_at: "2026-01-15T10:30:00.123456Z",
};
const bodyExample = {
  name: "Dana Recruiter",
  email: "dana@acme.example",
  company: "Acme",
  role: "Technical recruiter",
  job_applications: [7],
};
const one = { description: "The contact.", schema: contactSchema, example: contactExample };
const common = { tag: "contacts", access: "bearer" } as const;
const checks = { job_applications: applicationsCheck };

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/contacts/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

/** PUT and PATCH differ only in which fields the body must carry; If-Match checks the row. */
async function change(c: ItemContext, input: ContactInput) {
  const row = await changeContact(c.env.deps, owned(c), input, rowPrecondition(c, toContactJson));
  return c.json(toContactJson(row));
}

/** The caller's contacts, each linked to any of the caller's applications. */
export const contactRoutes = [
  route(
    {
      ...common,
      operationId: "listContacts",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/contacts/",
      summary: "List your contacts (by name)",
      description:
        "`job_application=<id>`: contacts linked to it; `search`: name, email, company, role, " +
        "notes (case-insensitive, every term must match). At most 1,000 are answered.",
      query: listContactsQuerySchema,
      responses: {
        200: {
          description: "Your contacts.",
          schema: contactListSchema,
          example: [contactExample],
        },
      },
      errors: [400],
      index: { name: "contacts" },
    },
    async (c) => {
      const rows = await listContacts(c.get("reader"), currentUser(c).id, c.req.valid("query"));
      return c.json(rows.map(toContactJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "createContact",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/contacts/",
      summary: "Add a contact, linked to some of your applications",
      body: contactInputSchema,
      checks,
      bodyExample,
      responses: { 201: { ...one, description: "Created." } },
    },
    async (c) => {
      const row = await createContact(c.env.deps, currentUser(c).id, c.req.valid("json"));
      return c.json(toContactJson(row), 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "getContact",
      tokenScope: "applications:read",
      etag: true,
      method: "get",
      path: "/api/contacts/{id}/",
      params: idParams,
      summary: "Read one of your contacts",
      responses: { 200: one },
    },
    async (c) => c.json(toContactJson(await getContact(c.get("reader"), owned(c)))),
  ),
  route(
    {
      ...common,
      operationId: "replaceContact",
      tokenScope: "applications:write",
      etag: true,
      method: "put",
      path: "/api/contacts/{id}/",
      params: idParams,
      summary: "Replace a contact (`name` required)",
      body: contactInputSchema,
      checks,
      bodyExample,
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "updateContact",
      tokenScope: "applications:write",
      etag: true,
      method: "patch",
      path: "/api/contacts/{id}/",
      params: idParams,
      summary: "Change some fields of a contact (or its links)",
      body: patchContactSchema,
      checks,
      bodyExample: { job_applications: [7, 8] },
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "deleteContact",
      tokenScope: "applications:write",
      etag: true,
      method: "delete",
      path: "/api/contacts/{id}/",
      params: idParams,
      summary: "Delete a contact (its links go with it)",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteContact(c.env.deps, owned(c), rowPrecondition(c, toContactJson));
      return c.body(null, 204);
    },
  ),
] as const;
