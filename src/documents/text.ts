/**
 * Characters no XML 1.0 document may hold (C0 controls but tab and newlines, U+FFFE/FFFF, lone
 * surrogates): a DOCX holding one does not open, so they are dropped from every text run.
 */
const XML_INVALID =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlSafe = (text: string) => text.replace(XML_INVALID, "");

/** The only link targets a rendered document (page, DOCX, PDF) carries: absolute http(s), mailto. */
export const isSafeLink = (href: string): boolean => /^(https?:|mailto:)/i.test(href.trim());
