import { readFileSync } from "node:fs";
import { inflateRawSync, inflateSync } from "node:zlib";

/** The 2-page resume the tests and the bench render. */
export const twoPageResume = () =>
  readFileSync(new URL("../fixtures/documents/resume-2-pages.md", import.meta.url), "utf8");

/**
 * The files of a zip, read through its central directory (as Word reads a .docx): a missing or
 * broken directory, or an entry whose data does not inflate, throws.
 */
export function unzip(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("no end of central directory");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + compressed);
    const raw = method === 8 ? inflateRawSync(data) : data;
    if (raw.length !== size) throw new Error(`${name}: size mismatch`);
    files.set(name, raw.toString("utf8"));
    at += 46 + nameLength + extra;
  }
  return files;
}

/** Text of `<w:t>` runs in a WordprocessingML part, paragraphs joined by "\n". */
export const docxText = (xml: string) =>
  xml
    .split("</w:p>")
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""))
    .filter(Boolean)
    .join("\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

const WIN_ANSI: Record<number, string> = {
  145: "\u2018",
  146: "\u2019",
  147: "\u201C",
  148: "\u201D",
  149: "\u2022",
  150: "\u2013",
  151: "\u2014",
  133: "\u2026",
  128: "\u20AC",
};

/**
 * The text a PDF reader extracts: each content stream inflated, the strings of its text-showing
 * operators (`<hex> Tj`, as pdf-lib writes them) decoded from WinAnsi, one line per operator.
 */
export function pdfText(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes).toString("latin1");
  const lines: string[] = [];
  for (const m of raw.matchAll(/<<([\s\S]*?)>>\s*stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[1] ?? "")?.[1] ?? -1);
    if (length < 0) continue;
    const data = Buffer.from(raw.slice(start, start + length), "latin1");
    const content = (m[1] ?? "").includes("/FlateDecode")
      ? inflateSync(data).toString("latin1")
      : data.toString("latin1");
    for (const op of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) {
      const codes = Buffer.from(op[1] ?? "", "hex");
      lines.push([...codes].map((c) => WIN_ANSI[c] ?? String.fromCharCode(c)).join(""));
    }
  }
  return lines;
}

/** The JSON Resume 1.0 schema (draft-07, with its formats) as a validator: errors, or []. */
export async function jsonResumeErrors(doc: unknown): Promise<string[]> {
  const { default: Ajv } = await import("ajv");
  const { default: addFormats } = await import("ajv-formats");
  const schema = JSON.parse(
    readFileSync(
      new URL("../../node_modules/@jsonresume/schema/schema.json", import.meta.url),
      "utf8",
    ),
  );
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
