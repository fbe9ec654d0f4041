/**
 * The share page's frame and the pages that need no Markdown (`GET /r/{token}`): the password
 * form, "link not found", a resume too long to lay out. They are served without the renderer
 * (render-html.ts, markdown-it), which loads with the first rendered page only (BENCHMARKS.md #26).
 */

/** No script, no frames, no plugins; inline style (the page's own sheet), images over https. */
export const SHARED_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Text for an HTML text node or a double-quoted attribute (markdown-it's escapeHtml). */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (ch) => ESCAPES[ch] ?? ch);

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f4f4f5; color: #18181b;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 46rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff;
  border-radius: 8px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); overflow-wrap: anywhere; }
h1 { margin-top: 0; font-size: 2rem; } h2 { border-bottom: 1px solid #e4e4e7; padding-bottom: .2rem; }
a { color: #1d4ed8; } img { max-width: 100%; }
pre, code { background: #f4f4f5; border-radius: 4px; } pre { padding: .75rem; overflow-x: auto; }
nav { max-width: 46rem; margin: 1rem auto; display: flex; gap: .75rem; align-items: center;
  font-size: .9rem; color: #52525b; padding: 0 1rem; }
nav form { display: inline; } button { font: inherit; cursor: pointer; }
.note { color: #b91c1c; }
pre.plain { white-space: pre-wrap; background: none; padding: 0; font: inherit; }
@media print { body { background: #fff; } main { box-shadow: none; margin: 0; } nav { display: none; } }
`;

export function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex, nofollow">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`
  );
}

/** Download formats the page offers. */
export type DownloadFormat = "md" | "pdf" | "docx";

export interface SharedPageInput {
  title: string;
  content: string;
  formats: readonly DownloadFormat[];
  /**
   * The password the reader gave (a protected link): downloads then POST it again, as the page
   * did, rather than putting it in a URL (URLs end up in logs and histories).
   */
  password?: string;
}

export function downloads({ formats, password }: SharedPageInput): string {
  const items = formats.map((f) => {
    const label = f.toUpperCase();
    if (password === undefined) return `<a href="?format=${f}" download>${label}</a>`;
    return (
      `<form method="post" action="?format=${f}">` +
      `<input type="hidden" name="password" value="${escapeHtml(password)}">` +
      `<button type="submit">${label}</button></form>`
    );
  });
  return `<nav><span>Download:</span>${items.join("")}</nav>`;
}

/**
 * A shared resume too long to lay out (over RENDER_MAX_CHARS, limits.ts): its text as it was
 * written, escaped (one linear pass), so a reader still sees it; no downloads, which would be
 * refused. Costs what the JSON of `/api/shared/{token}/` costs, not a Markdown parse.
 */
export function plainSharedPage(input: { title: string; content: string }): string {
  const note =
    '<p class="note">This resume is too long to be laid out; it is shown as plain text.</p>';
  return page(
    input.title,
    `<main>${note}<pre class="plain">${escapeHtml(input.content)}</pre></main>`,
  );
}

/** A protected link asks for its password: a form that POSTs it back to the same URL. */
export function passwordPage(opts: { wrong: boolean }): string {
  const note = opts.wrong ? '<p class="note">Incorrect password.</p>' : "";
  return page(
    "Password required",
    "<main><h1>Password required</h1><p>This resume is protected by a password.</p>" +
      `${note}<form method="post"><label>Password ` +
      '<input type="password" name="password" autocomplete="current-password" required autofocus>' +
      '</label> <button type="submit">Open</button></form></main>',
  );
}

/** What an unknown, expired or revoked link shows. */
export const notFoundPage = (): string =>
  page(
    "Link not found",
    "<main><h1>Link not found</h1><p>This link does not exist, has expired or was revoked.</p></main>",
  );
