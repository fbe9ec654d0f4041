import { wellFormed } from "../core/fields";

const MAX_STEM = 80;

/**
 * A file name any browser and file system accept: ASCII letters, digits, "-" and "_" from the
 * title (accents folded, the rest as "-"), at most 80 characters, "resume" when nothing is left.
 */
export function safeFilename(title: string, extension: string, fallback = "resume"): string {
  const stem = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .slice(0, MAX_STEM)
    .replace(/^[-_]+|(?<![-_])[-_]+$/g, "");
  return `${stem || fallback}.${extension}`;
}

// RFC 5987 attr-char: everything else is percent-encoded (encodeURIComponent leaves a few more).
const attrChar = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Invisible characters that can make a name lie about itself: bidi controls (U+202E shows
 * "Annfdp.exe" as "Annexe.pdf"), zero-width and other format characters, and noncharacters
 * (U+FFFE...), which no file name needs.
 */
const HIDDEN = /[\p{Cf}\p{Noncharacter_Code_Point}]/gu;

/** The title as a file name in its own script: only what file systems refuse is replaced. */
function unicodeStem(title: string): string {
  const chars = [
    ...wellFormed(title)
      .replace(HIDDEN, "")
      .replace(/[\p{Cc}/\\:*?"<>|]+/gu, "-")
      .replace(/\s+/g, " ")
      .trim(),
  ];
  return chars.slice(0, MAX_STEM).join("").trim();
}

/**
 * `attachment; filename="..."; filename*=UTF-8''...` (RFC 6266): the safe ASCII name for every
 * client, and the title in its own characters (same extension) for those that read `filename*`.
 */
export function contentDisposition(filename: string, title?: string): string {
  const ascii = filename.replace(/["\\\r\n]/g, "_");
  const dot = ascii.lastIndexOf(".");
  const stem = title ? unicodeStem(title) : "";
  const utf8 = stem ? `${stem}${dot >= 0 ? ascii.slice(dot) : ""}` : ascii;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${attrChar(utf8)}`;
}
