import type { ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "../../src/features";

/**
 * Validates real responses against the OpenAPI document the app serves: the status must be
 * documented for the operation, the documented required headers present and well-formed, the
 * content type one of the documented media types, and the body valid against its schema
 * (text/event-stream bodies event by event against `x-itemSchema`). Throws a readable Error.
 *
 * Usage (any test, in-process or over HTTP): `await assertMatchesContract("GET", "/api/resumes/", res)`.
 * The response is cloned, so the caller can still read its body.
 */
type Json = Record<string, unknown>;

interface Contract {
  doc: Json;
  ajv: InstanceType<typeof Ajv2020>;
  validators: Map<string, ValidateFunction>;
  templates: { template: string; regex: RegExp; params: number }[];
  warm?: boolean;
}

let contract: Contract | undefined;

function load(): Contract {
  if (contract) return contract;
  const doc = openApiDocument();
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi");
  const templates = Object.keys(doc.paths as Json).map((template) => ({
    template,
    regex: new RegExp(
      `^${trimSlash(template)
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/\{\w+\}/g, "[^/]+")}$`,
    ),
    params: (template.match(/\{/g) ?? []).length,
  }));
  templates.sort((a, b) => a.params - b.params);
  contract = { doc, ajv, validators: new Map(), templates };
  return contract;
}

const trimSlash = (p: string) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);
const pointer = (...parts: string[]) =>
  parts.map((p) => `/${p.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

/** The documented path template a concrete request path belongs to (literal segments first). */
export function matchPath(path: string): string | undefined {
  const bare = trimSlash(new URL(path, "http://x").pathname);
  return load().templates.find((t) => t.regex.test(bare))?.template;
}

function at(doc: Json, ptr: string): Json {
  let node: unknown = doc;
  for (const part of ptr.split("/").slice(1)) {
    node = (node as Json)[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node as Json;
}

/** Follows a local `$ref` (responses, headers) and returns the object and its pointer. */
function deref(doc: Json, ptr: string): { node: Json; ptr: string } {
  const node = at(doc, ptr);
  const ref = node?.$ref;
  return typeof ref === "string" ? deref(doc, ref.slice(1)) : { node, ptr };
}

function validator(c: Contract, ptr: string): ValidateFunction {
  let v = c.validators.get(ptr);
  if (!v) {
    v = c.ajv.getSchema(`openapi#${ptr}`);
    if (!v) throw new Error(`contract: no schema at ${ptr}`);
    c.validators.set(ptr, v);
  }
  return v;
}

function check(c: Contract, ptr: string, value: unknown, what: string): void {
  const v = validator(c, ptr);
  if (!v(value)) {
    throw new Error(
      `${what} does not match the contract: ${c.ajv.errorsText(v.errors, { dataVar: "body" })}\n` +
        `body: ${JSON.stringify(value).slice(0, 800)}`,
    );
  }
}

/** Where the response of `method path` with `status` is documented (or why it is not). */
function locateResponse(c: Contract, method: string, path: string, status: number) {
  const template = matchPath(path);
  const m = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
  if (!template) {
    if (status === 404) return "#/components/responses/NotFound";
    throw new Error(`contract: ${method} ${path} is not a documented path (status ${status})`);
  }
  const item = at(c.doc, pointer("paths", template));
  if (!item[m]) {
    if (status === 405) return "#/components/responses/MethodNotAllowed";
    // The access check runs before the method check: where every operation of the path needs a
    // token, an anonymous caller is told so (401) before any 405.
    const anonymous = (op: unknown) =>
      ((op as Json).security as Json[] | undefined)?.some((s) => Object.keys(s).length === 0);
    const guarded = !Object.values(item).some(anonymous);
    if (status === 401 && guarded) return "#/components/responses/Unauthorized";
    throw new Error(`contract: ${method} ${template} is not documented (got ${status})`);
  }
  const responses = at(c.doc, pointer("paths", template, m, "responses"));
  if (!responses[String(status)]) {
    const documented = Object.keys(responses).join(", ");
    throw new Error(
      `contract: ${method} ${template} answered ${status}; documented: ${documented}`,
    );
  }
  return `#${pointer("paths", template, m, "responses", String(status))}`;
}

/**
 * Loads the document and compiles the validator of every documented response (headers, JSON
 * bodies, SSE events) now, so no request pays for a compile: one takes up to a second of
 * synchronous work, which would stall whatever else is in flight (a stream's provider read).
 * Called once per process, by the app tests' context.
 */
export function warmContract(): void {
  const c = load();
  if (c.warm) return;
  for (const [template, item] of Object.entries(c.doc.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      const responses = (op as Json).responses as Json | undefined;
      for (const status of Object.keys(responses ?? {})) {
        const where = `#${pointer("paths", template, method, "responses", status)}`;
        const { node: response, ptr } = deref(c.doc, where.slice(1));
        for (const name of Object.keys((response.headers ?? {}) as Json)) {
          const { node: header, ptr: hptr } = deref(c.doc, `${ptr}${pointer("headers", name)}`);
          if (header.schema) validator(c, `${hptr}/schema`);
        }
        for (const [media, body] of Object.entries((response.content ?? {}) as Json)) {
          const mediaPtr = `${ptr}${pointer("content", media)}`;
          if (media === "application/json") validator(c, `${mediaPtr}/schema`);
          const item = (body as Json)["x-itemSchema"] as ItemSchema | undefined;
          if (media !== "text/event-stream" || !item) continue;
          const itemPtr = `${mediaPtr}${pointer("x-itemSchema")}`;
          validator(c, itemPtr);
          item.oneOf.forEach((_, i) => {
            const data = pointer("oneOf", String(i), "properties", "data", "contentSchema");
            validator(c, `${itemPtr}${data}`);
          });
        }
      }
    }
  }
  c.warm = true;
}

export async function assertMatchesContract(
  method: string,
  path: string,
  res: Response,
): Promise<void> {
  const c = load();
  const where = `${method} ${path} → ${res.status}`;
  // CORS preflights and OPTIONS are answered by middleware for every path.
  if (method.toUpperCase() === "OPTIONS" && res.status === 204) return;
  const { node: response, ptr } = deref(
    c.doc,
    locateResponse(c, method, path, res.status).slice(1),
  );
  checkHeaders(c, ptr, response, res, where);
  const content = response.content as Json | undefined;
  const text = method.toUpperCase() === "HEAD" ? "" : await res.clone().text();
  if (!content) {
    if (text.length > 0)
      throw new Error(`${where}: documented without a body, got ${text.slice(0, 200)}`);
    return;
  }
  if (method.toUpperCase() === "HEAD") return;
  const media = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!content[media]) {
    throw new Error(
      `${where}: content type "${media}" not documented (${Object.keys(content).join(", ")})`,
    );
  }
  const mediaPtr = `${ptr}${pointer("content", media)}`;
  if (media === "application/json") {
    check(c, `${mediaPtr}/schema`, JSON.parse(text), where);
  } else if (media === "text/event-stream") {
    await checkEvents(c, mediaPtr, text, where);
  }
}

function checkHeaders(c: Contract, ptr: string, response: Json, res: Response, where: string) {
  for (const name of Object.keys((response.headers ?? {}) as Json)) {
    const { node: header, ptr: hptr } = deref(c.doc, `${ptr}${pointer("headers", name)}`);
    const value = res.headers.get(name);
    if (value === null) {
      if (header.required) throw new Error(`${where}: missing required header ${name}`);
      continue;
    }
    if (header.schema) check(c, `${hptr}/schema`, value, `${where} header ${name}`);
  }
}

/** Parses an SSE body into its events (name and data). */
export function parseSse(text: string): { event: string; data: string }[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      let event = "message";
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      return { event, data: data.join("\n") };
    })
    .filter((e) => e.data.length > 0 || e.event !== "message");
}

type ItemSchema = { oneOf: { properties: { event: { const: string } } }[] };

/**
 * Validates each event of an SSE body against `x-itemSchema` (OpenAPI 3.2's itemSchema): the
 * `{event, data}` envelope against the whole (an undocumented event name fails), then the JSON
 * `data` against its branch's `contentSchema`, which JSON Schema only annotates. It yields to
 * the event loop every few events: a long stream takes ~0.4 ms an event, which in one piece
 * would stall whatever else is in flight (other streams' provider reads, their silence timers).
 */
async function checkEvents(c: Contract, mediaPtr: string, text: string, where: string) {
  const item = at(c.doc, mediaPtr)["x-itemSchema"] as unknown as ItemSchema | undefined;
  if (!item) throw new Error(`${where}: text/event-stream without x-itemSchema`);
  const itemPtr = `${mediaPtr}${pointer("x-itemSchema")}`;
  for (const [i, e] of parseSse(text).entries()) {
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    check(c, itemPtr, e, `${where} event`);
    const branch = item.oneOf.findIndex((b) => b.properties.event.const === e.event);
    const dataPtr = `${itemPtr}${pointer("oneOf", String(branch), "properties", "data", "contentSchema")}`;
    check(c, dataPtr, JSON.parse(e.data), `${where} event ${e.event}`);
  }
}

type Verdict = { valid: boolean; errors: string };

function verdict(c: Contract, ptr: string, value: unknown): Verdict {
  const v = validator(c, ptr);
  const valid = v(value) === true;
  return { valid, errors: valid ? "" : c.ajv.errorsText(v.errors, { dataVar: "body" }) };
}

/**
 * The request side of the contract: whether the document accepts `body` as the JSON body of
 * `method template` (a fuzzer generating from the document sends what this accepts and expects
 * a 4xx for what it refuses).
 */
export function documentedBody(method: string, template: string, body: unknown): Verdict {
  const ptr = pointer("paths", template, method, "requestBody", "content", "application/json");
  return verdict(load(), `${ptr}/schema`, body);
}

/**
 * Whether the document accepts `raw` for query parameter `name`: a numeric text is read as the
 * number it spells (how a client serializes an integer parameter), anything else as a string.
 */
export function documentedQuery(
  method: string,
  template: string,
  name: string,
  raw: string,
): Verdict {
  const c = load();
  const base = pointer("paths", template, method, "parameters");
  const params = at(c.doc, base) as unknown as { name: string; in: string }[];
  const index = params.findIndex((p) => p.in === "query" && p.name === name);
  if (index < 0) throw new Error(`contract: ${method} ${template} has no query parameter ${name}`);
  const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return verdict(c, `${base}/${index}/schema`, value);
}
