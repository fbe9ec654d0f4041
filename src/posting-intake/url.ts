/**
 * An absolute http(s) URL (what `source_url` may be; `javascript:` and the like are not). Apart
 * from intake.ts so the request schema can check it without loading the HTML parser.
 */
export const isHttpUrl = (s: string | null | undefined): s is string => {
  if (!s) return false;
  try {
    const url = new URL(s);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};
