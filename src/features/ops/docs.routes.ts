import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { notFound } from "../../core/errors";
import { loadOnce } from "../../core/lazy";
import { DOCS_CSP, docsHtml, docsInitJs } from "../../openapi/docs-page";
import { route } from "../../route";
import { docsAssetParams, openApiDocumentSchema } from "./ops.schemas";
import type { ApiCatalog } from "./ops.service";

type Asset = { type: string; gzip?: "swaggerUiBundleGzip" | "swaggerUiCssGzip"; text?: string };

/** A Map, not an object literal: a file named `__proto__` or `constructor` must be no asset. */
const ASSETS = new Map<string, Asset>([
  [
    "swagger-ui-bundle.js",
    { type: "application/javascript; charset=utf-8", gzip: "swaggerUiBundleGzip" },
  ],
  ["swagger-ui.css", { type: "text/css; charset=utf-8", gzip: "swaggerUiCssGzip" }],
  ["init.js", { type: "application/javascript; charset=utf-8", text: docsInitJs }],
]);

/**
 * Swagger UI (~630 KB of base64, which gzip cannot shrink) loads with the first request for the
 * reference, not with the app: every cold Worker isolate would pay for it (BENCHMARKS.md #26).
 */
const embeddedAssets = loadOnce(() => import("../../openapi/assets.generated"));

/** Inflates an embedded asset with the web-standard stream (Node 18+ and workerd alike). */
function inflate(base64: string): ReadableStream<Uint8Array> {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
}

function docsHeaders(c: Context<AppEnv>, type: string, cache: string) {
  c.header("Content-Type", type);
  c.header("Content-Security-Policy", DOCS_CSP);
  c.header("Cache-Control", cache);
}

const tag = "ops";

/** The OpenAPI document and the interactive reference. */
export function docsRoutes(api: ApiCatalog) {
  /**
   * The document depends on code only, never on config or requests, so each process (or Worker
   * isolate) builds it once, on first use (~20 ms of CPU, too much to spend per request on Workers).
   */
  let documentJson: string | undefined;
  return [
    route(
      {
        operationId: "openapi",
        method: "get",
        path: "/api/openapi.json",
        tag,
        summary: "This OpenAPI 3.1 document",
        access: "public",
        responses: { 200: { description: "The document.", schema: openApiDocumentSchema } },
        index: { name: "openapi" },
      },
      async (c) => {
        documentJson ??= JSON.stringify(await api.document());
        c.header("Content-Type", "application/json");
        return c.body(documentJson);
      },
    ),
    route(
      {
        operationId: "docs",
        method: "get",
        path: "/api/docs/",
        tag,
        summary: "Interactive reference (Swagger UI served by the app itself; works offline)",
        access: "public",
        responses: {
          200: {
            description: "HTML page.",
            alternatives: { "text/html": { description: "HTML" } },
          },
        },
        index: { name: "docs" },
      },
      async (c) => {
        const { SWAGGER_UI_VERSION } = await embeddedAssets();
        docsHeaders(c, "text/html; charset=utf-8", "no-cache");
        return c.body(docsHtml(SWAGGER_UI_VERSION));
      },
    ),
    route(
      {
        operationId: "docsAsset",
        method: "get",
        path: "/api/docs/{file}",
        params: docsAssetParams,
        tag,
        summary:
          "The reference's own script and style (swagger-ui-bundle.js, swagger-ui.css, init.js)",
        access: "public",
        responses: {
          200: {
            description: "The asset.",
            alternatives: {
              "application/javascript": { description: "script" },
              "text/css": { description: "style" },
            },
          },
        },
      },
      async (c) => {
        const asset = ASSETS.get(c.req.valid("param").file);
        if (!asset) throw notFound();
        const gzip = asset.gzip && (await embeddedAssets())[asset.gzip];
        // Versioned URLs (?v=) make the big files safe to cache for a day.
        docsHeaders(c, asset.type, "public, max-age=86400");
        return c.body(gzip ? inflate(gzip) : (asset.text ?? ""));
      },
    ),
  ] as const;
}
