import type { PersonalTokenGrant } from "../../core/scope-names";
import { scopeGranted } from "../../core/scopes";
import { aiScope } from "../../core/throttle";
import type { JsonSchema } from "../../openapi/json-schema";
import type { RouteSpec } from "../../route";
import { buildInput, type FieldPlace } from "./mcp.input";

/**
 * One MCP tool: the REST operation it mirrors (by `operationId`), and whether it only reads
 * (`readOnlyHint`). Everything else (input schema, validation, guards, throttles, scopes,
 * limits, the ledger) comes from that operation's definition, so REST and MCP cannot drift.
 */
export interface ToolRow {
  readonly name: string;
  readonly operationId: string;
  readonly readOnly: boolean;
  /** Narrows a field's choices (export: the text formats only, not the binary DOCX/PDF). */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The tools of docs/API.md ("MCP server") whose REST twin exists. A tool whose route has not
 * landed yet has no row (test/app/mcp-tools.test.ts holds both directions).
 */
export const TOOL_ROWS: readonly ToolRow[] = [
  { name: "list_resumes", operationId: "listResumes", readOnly: true },
  { name: "get_resume", operationId: "getResume", readOnly: true },
  { name: "create_resume", operationId: "createResume", readOnly: false },
  { name: "update_resume", operationId: "updateResume", readOnly: false },
  {
    name: "export_resume",
    operationId: "exportResume",
    readOnly: true,
    choices: { format: ["md", "json"] },
  },
  { name: "list_job_applications", operationId: "listJobApplications", readOnly: true },
  { name: "get_job_application", operationId: "getJobApplication", readOnly: true },
  { name: "create_job_application", operationId: "createJobApplication", readOnly: false },
  { name: "update_job_application", operationId: "updateJobApplication", readOnly: false },
  // A score computed from stored text: nothing is written.
  { name: "match_job_application", operationId: "matchJobApplication", readOnly: true },
  // With `save` it creates an application.
  { name: "intake_job_posting", operationId: "intakeJobPosting", readOnly: false },
  { name: "tailor_resume", operationId: "tailorResume", readOnly: false },
  { name: "write_cover_letter", operationId: "writeCoverLetter", readOnly: false },
  { name: "list_ai_models", operationId: "listAiModels", readOnly: true },
  // The tracker (issue 23).
  { name: "get_timeline", operationId: "getJobApplicationTimeline", readOnly: true },
  { name: "add_note", operationId: "addJobApplicationNote", readOnly: false },
  { name: "add_interview", operationId: "scheduleInterview", readOnly: false },
  { name: "list_interviews", operationId: "listInterviews", readOnly: true },
  { name: "add_reminder", operationId: "createReminder", readOnly: false },
  { name: "list_contacts", operationId: "listContacts", readOnly: true },
  { name: "create_contact", operationId: "createContact", readOnly: false },
];

/** A tool as the server lists it and calls it. */
export interface Tool {
  readonly row: ToolRow;
  readonly route: RouteSpec;
  /** The MCP `tools/list` entry. */
  readonly listing: {
    name: string;
    title: string;
    description: string;
    inputSchema: JsonSchema & { type: "object" };
    annotations: { title: string; readOnlyHint: boolean; openWorldHint: boolean };
  };
  /** The path and query fields by name (the rest of the arguments is the body). */
  readonly places: ReadonlyMap<string, Exclude<FieldPlace, "body">>;
}

/** Builds every tool from the route table; a row naming no route is an error (a typo, a rename). */
export function buildTools(routes: readonly RouteSpec[]): Map<string, Tool> {
  const byId = new Map(routes.map((r) => [r.operationId, r]));
  const tools = new Map<string, Tool>();
  for (const row of TOOL_ROWS) {
    const route = byId.get(row.operationId);
    if (!route) throw new Error(`MCP tool ${row.name}: no operation ${row.operationId}`);
    const { inputSchema, places } = buildInput(row, route);
    const title = route.summary;
    tools.set(row.name, {
      row,
      route,
      places,
      listing: {
        name: row.name,
        title,
        description: toolDescription(route),
        inputSchema,
        annotations: {
          title,
          readOnlyHint: row.readOnly,
          // The AI tools reach a model provider; the others only this API's own data.
          openWorldHint: route.throttle?.includes(aiScope) ?? false,
        },
      },
    });
  }
  return tools;
}

/**
 * The tools a caller is shown: all of them to a session; to a personal token, those whose REST
 * twin its scopes cover (the others would only answer 403).
 */
export function toolsFor(tools: ReadonlyMap<string, Tool>, grant: PersonalTokenGrant | null) {
  const all = [...tools.values()];
  if (!grant) return all;
  return all.filter(({ route: { tokenScope: scope } }) =>
    scope === undefined || scope === "any"
      ? true
      : scope !== "session" && scopeGranted(grant.scopes, scope),
  );
}

function toolDescription(route: RouteSpec): string {
  const rest = `${route.method.toUpperCase()} ${route.path}`;
  return `${route.summary}. Mirrors ${rest} of the ResuMate REST API (the same rules and limits).`;
}
