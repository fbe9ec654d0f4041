import { Parser } from "htmlparser2";

/**
 * What one pass over a page finds: its JSON-LD blocks, meta tags, <title>, first <h1>, and its
 * text. Nothing is executed or fetched: scripts are read only when they are JSON-LD (as data),
 * and their text, like that of styles, templates and SVG, never reaches the page's text.
 */
export interface PageScan {
  jsonLd: string[];
  /** `og:title`, `og:site_name`, `og:url`, `description`, ... (first of each, lower-case names). */
  meta: Map<string, string>;
  title: string;
  h1: string;
  canonical: string;
  /** The text of <main> or <article> when there is one worth reading, else of the whole body. */
  text: string;
}

/**
 * Past this depth of nested elements a page is not a job posting but an attack on the parser
 * (htmlparser2's work per tag grows with the depth: 100,000 nested <div>s took seconds). The scan
 * stops there and keeps what it read.
 */
export const MAX_DEPTH = 512;

class TooDeep extends Error {}

/** Elements whose content is never text of the page. */
const HIDDEN = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "iframe",
  "object",
  "head",
]);
/** Page furniture skipped in the page's text. */
const CHROME = new Set(["nav", "header", "footer", "aside", "form", "button", "select"]);
const BLOCK = new Set(
  "address article blockquote br dd div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre section table td th tr ul".split(
    " ",
  ),
);

/** Text with one line per block, spaces collapsed, at most one empty line in a row. */
class TextSink {
  private parts: string[] = [];

  add(s: string) {
    this.parts.push(s);
  }

  text(): string {
    return this.parts
      .join("")
      .split("\n")
      .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  }
}

/** Opening and closing tags of a block element break the line; a list item starts with "- ". */
function blockBreak(name: string, opening: boolean, sinks: TextSink[]) {
  // A list item and a <br> (void: htmlparser2 closes it at once) break the line once.
  if (!BLOCK.has(name) || (!opening && (name === "li" || name === "br"))) return;
  const mark = opening && name === "li" ? "\n- " : "\n";
  const extra = /^(p|h[1-6]|ul|ol|table|section|article)$/.test(name) ? "\n" : "";
  for (const s of sinks) s.add(mark + extra);
}

export function scanPage(html: string): PageScan {
  const scan: PageScan = {
    jsonLd: [],
    meta: new Map(),
    title: "",
    h1: "",
    canonical: "",
    text: "",
  };
  const body = new TextSink();
  const main = new TextSink();
  let depth = 0;
  let hidden = 0;
  let chrome = 0;
  let inMain = 0;
  let ld: string[] | null = null;
  let capture: "title" | "h1" | null = null;
  let captured = "";
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++depth > MAX_DEPTH) throw new TooDeep();
        if (name === "script" && (attrs.type ?? "").trim().toLowerCase() === "application/ld+json")
          ld = [];
        if (name === "meta") {
          const key = (attrs.property ?? attrs.name ?? "").trim().toLowerCase();
          if (key && attrs.content !== undefined && !scan.meta.has(key))
            scan.meta.set(key, attrs.content.trim());
        }
        if (name === "link" && /\bcanonical\b/i.test(attrs.rel ?? "") && !scan.canonical)
          scan.canonical = (attrs.href ?? "").trim();
        if (HIDDEN.has(name)) hidden++;
        if (CHROME.has(name)) chrome++;
        if (name === "main" || name === "article") inMain++;
        if ((name === "title" && !scan.title) || (name === "h1" && !scan.h1)) {
          capture = name;
          captured = "";
        }
        if (hidden === 0 && chrome === 0)
          blockBreak(name, true, inMain > 0 ? [body, main] : [body]);
      },
      ontext(data) {
        if (ld) ld.push(data);
        if (capture) captured += data;
        if (hidden > 0 || chrome > 0) return;
        body.add(data);
        if (inMain > 0) main.add(data);
      },
      onclosetag(name) {
        depth--;
        if (name === "script" && ld) {
          scan.jsonLd.push(ld.join(""));
          ld = null;
        }
        if (capture === name) {
          scan[capture] = captured.replace(/\s+/g, " ").trim();
          capture = null;
        }
        if (hidden === 0 && chrome === 0)
          blockBreak(name, false, inMain > 0 ? [body, main] : [body]);
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        if (CHROME.has(name)) chrome = Math.max(0, chrome - 1);
        if (name === "main" || name === "article") inMain = Math.max(0, inMain - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  try {
    parser.write(html);
    parser.end();
  } catch (err) {
    if (!(err instanceof TooDeep)) throw err;
  }
  const mainText = main.text();
  scan.text = mainText.length >= 200 ? mainText : body.text();
  return scan;
}

/** An HTML fragment (a JSON-LD description) as plain text. */
export const htmlToText = (html: string): string => scanPage(html).text;
