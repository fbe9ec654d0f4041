/**
 * The JSON Schema of a DRF IntegerField with bounds, for the OpenAPI document: a JSON integer in
 * range, or a string of its digits, which DRF (and `integerField`) read as the number they spell
 * (`"30"`, `" 007 "`; `"-0"` is 0). The string form gets a pattern that admits exactly the
 * numbers in range, so a client generating from the document meets the server's bounds.
 */

/** A pattern (no anchors) for the integers 1..max written without leading zeros. */
function upTo(max: number): string {
  const digits = String(max);
  const n = digits.length;
  const out: string[] = [];
  // Every number with fewer digits than max.
  if (n > 1) out.push(n === 2 ? "[1-9]" : `[1-9]\\d{0,${n - 2}}`);
  // Same length: max's first i digits, then a smaller digit, then any digits.
  for (let i = 0; i < n; i++) {
    const here = Number(digits[i]);
    const lowest = i === 0 ? 1 : 0;
    if (here > lowest) {
      const below = here - 1 === lowest ? `${lowest}` : `[${lowest}-${here - 1}]`;
      const rest = n - i - 1;
      out.push(`${digits.slice(0, i)}${below}${rest ? (rest === 1 ? "\\d" : `\\d{${rest}}`) : ""}`);
    }
  }
  out.push(digits);
  return out.join("|");
}

export function integerRangeJsonSchema(min: 0 | 1, max: number): Record<string, unknown> {
  const positive = `0*(?:${upTo(max)})`;
  const body = min === 0 ? `${positive}|-?0+` : positive;
  return {
    anyOf: [
      { type: "integer", minimum: min, maximum: max },
      { type: "string", pattern: `^\\s*(?:${body})\\s*$` },
    ],
  };
}
