/**
 * DRF's answer to a JSON body that is not an object, worded as its Serializer words it:
 * `null` is "No data provided" (`Serializer.errors` rewrites the null error so), anything else
 * names the Python type json.loads made of it (`type(data).__name__`).
 */

const NO_DATA = "No data provided";
const notADict = (type: string) => `Invalid data. Expected a dictionary, but got ${type}.`;

/** JSON's white space (RFC 8259), which may precede the value. */
const isJsonSpace = (ch: string | undefined) =>
  ch === " " || ch === "\t" || ch === "\n" || ch === "\r";

/** The first character of the JSON value in `text` (undefined when there is none). */
export function firstJsonChar(text: string): string | undefined {
  let i = 0;
  while (i < text.length && isJsonSpace(text[i])) i++;
  return text[i];
}

/**
 * Python's name for a parsed JSON value's type. `written` is the number as sent: Python reads
 * a number with a fraction or an exponent (`1.5`, `1.0`, `1e3`) as a float, any other as an int.
 */
export function pythonTypeName(value: unknown, written?: string): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") {
    const float = written === undefined ? !Number.isInteger(value) : /[.eE]/.test(written);
    return float ? "float" : "int";
  }
  return "dict";
}

/** `{non_field_errors: [...]}` for a parsed top-level value that is not an object, else null. */
export function nonObjectBodyErrors(
  value: unknown,
  text: string,
): { non_field_errors: string[] } | null {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return null;
  const message = value === null ? NO_DATA : notADict(pythonTypeName(value, text));
  return { non_field_errors: [message] };
}
