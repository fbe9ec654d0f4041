/**
 * The docs page loads only its own origin's files: the page has no inline script (init.js is a
 * file) so the CSP can forbid inline scripts; Swagger UI sets inline styles and data: images.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The page, for the embedded Swagger UI's version (assets.generated.ts, loaded on first use):
 * the query string busts caches when swagger-ui-dist is upgraded.
 */
export const docsHtml = (version: string): string => {
  const v = `?v=${version}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ResuMate API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/docs/swagger-ui.css${v}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js${v}"></script>
<script src="/api/docs/init.js${v}"></script>
</body>
</html>
`;
};

/** Points Swagger UI at the document served next to it; "Try it out" calls this origin. */
export const docsInitJs = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  tryItOutEnabled: false,
});
`;
