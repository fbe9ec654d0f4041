import MarkdownIt from "markdown-it";
import { downloads, page, type SharedPageInput } from "./html-page";
import { isSafeLink } from "./text";

/**
 * The read-only page of a shared resume (`GET /r/{token}`): pure functions from text to HTML.
 * The Markdown is rendered with raw HTML off (a `<script>` or an `onerror=` in a resume is shown
 * as text), no linkify, and links only to http(s) and mailto; the page has no script at all, and
 * SHARED_PAGE_CSP (html-page.ts) forbids any (a second line of defence should the renderer ever
 * let one through). Loaded with the document jobs (jobs.ts), not with the app.
 */

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// markdown-it's own check refuses javascript:, vbscript:, file: and most data:; ours allows only
// absolute http(s) and mailto (a relative link would point into this API).
md.validateLink = isSafeLink;
const defaultLinkOpen = md.renderer.rules.link_open;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener noreferrer");
  return defaultLinkOpen
    ? defaultLinkOpen(tokens, idx, options, env, self)
    : self.renderToken(tokens, idx, options);
};

/** The resume's Markdown as HTML; raw HTML in it is escaped, unsafe links stay text. */
export const renderMarkdown = (markdown: string): string => md.render(markdown);

/** The whole page of a shared resume. */
export function sharedResumePage(input: SharedPageInput): string {
  const body = `${downloads(input)}<main>${renderMarkdown(input.content)}</main>`;
  return page(input.title, body);
}
