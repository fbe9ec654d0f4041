import type { Context } from "hono";
import type { AppEnv } from "../../../app-env";
import { ApiError } from "../../../core/errors";
import { anonScope, userScope } from "../../../core/throttle";
import {
  type DownloadFormat,
  notFoundPage,
  passwordPage,
  SHARED_PAGE_CSP,
} from "../../../documents/html-page";
import { tokenErrorSchema } from "../../../openapi/errors.schemas";
import { route } from "../../../route";
import { renderFile, sendFile } from "../../downloads";
import { sharedPageQuerySchema, sharePasswordFormSchema, tokenParams } from "./shares.schemas";
import { openShared, sharedPageHtml } from "./shares.service";
import { shareGuard, sharePasswordScope } from "./shares.throttle";

const HTML = "text/html; charset=utf-8";
/** The formats the page offers and `?format=` serves (the renderers of the resume exports). */
const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ["pdf", "docx", "md"];

/** Every answer of the page: no script, not indexed, not cached, no referrer. */
function pageHeaders(c: Context<AppEnv>) {
  c.header("Content-Security-Policy", SHARED_PAGE_CSP);
  c.header("X-Robots-Tag", "noindex, nofollow");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
}

/**
 * The page, or the file `?format=` asks for. A protected link answers 401 with a password form
 * that POSTs back to the same URL (the password never goes into a URL, which logs keep).
 */
async function answer(
  c: Context<AppEnv>,
  token: string,
  format: DownloadFormat | undefined,
  password: string | undefined,
) {
  pageHeaders(c);
  let doc: Awaited<ReturnType<typeof openShared>>;
  try {
    doc = await openShared(c.env.deps, token, password, shareGuard(c));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 404) return c.body(notFoundPage(), 404, { "Content-Type": HTML });
    if (err.status !== 401) throw err;
    const page = passwordPage({ wrong: password !== undefined });
    return c.body(page, 401, { "Content-Type": HTML, ...err.headers });
  }
  if (format) {
    return sendFile(c, doc.title, await renderFile(c.env.deps, doc, format));
  }
  const given = doc.protected ? password : undefined;
  const html = await sharedPageHtml(c.env.deps, doc, {
    formats: DOWNLOAD_FORMATS,
    password: given,
  });
  return c.body(html, 200, { "Content-Type": HTML });
}

const media = {
  "text/html": { description: "The page (or, for 401/404, a password form or a short notice)." },
  "text/markdown": { description: "`?format=md`: the Markdown as stored." },
  "application/pdf": { description: "`?format=pdf`" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    description: "`?format=docx`",
  },
};
const common = {
  tag: "shared",
  access: "public",
  // Outside /api, so the default scopes are counted here, with the password attempts.
  throttle: [anonScope, userScope, sharePasswordScope],
  params: tokenParams,
  query: sharedPageQuerySchema,
  responses: {
    200: {
      description:
        "The resume as a page, or the file asked for. A resume over 50,000 characters (the render cap) is shown as plain text, without downloads (`?format=` is then a 400).",
      alternatives: media,
    },
    401: {
      description:
        "A protected link: the password form (HTML). An invalid bearer token is refused here as on every endpoint, with simplejwt's JSON body (a missing one is fine: the page is public).",
      schema: tokenErrorSchema,
      alternatives: media,
    },
    404: { description: "Unknown, expired or revoked.", alternatives: media },
  },
  errors: [400, 429, 503],
} as const;

/** `/r/{token}`: the read-only page of a shared resume (outside /api, as /health is). */
export const sharedPageRoutes = [
  route(
    {
      ...common,
      operationId: "sharedResumePage",
      method: "get",
      path: "/r/{token}",
      summary: "A shared resume as a read-only HTML page; `?format=pdf|docx|md` downloads it",
    },
    (c) => answer(c, c.req.valid("param").token, c.req.valid("query").format, undefined),
  ),
  route(
    {
      ...common,
      operationId: "sharedResumePageUnlock",
      method: "post",
      path: "/r/{token}",
      summary: "The page of a protected link, its password POSTed by the page's form",
      body: sharePasswordFormSchema,
    },
    async (c) => {
      const { password } = c.req.valid("json");
      return answer(c, c.req.valid("param").token, c.req.valid("query").format, password);
    },
  ),
] as const;
