/**
 * What the admin body's checks mean in the OpenAPI document, where a refine or a pipe hides
 * them from the JSON Schema converter (attached with `.meta()` in admin.schemas.ts).
 */

/** `api_key_name`: a key setting's name; null or blank only for `openai_compatible` (API.md). */
export const API_KEY_NAME_JSON_SCHEMA = {
  description:
    "The setting holding the key (`GEMINI_API_KEY`, `OPENROUTER_API_KEYS`: several comma-separated keys are used in turn). Optional (null or blank) for `openai_compatible`, which then sends no `Authorization` header.",
  anyOf: [
    { type: "string", maxLength: 100, pattern: "^[A-Z][A-Z0-9_]*_API_KEYS?$" },
    { type: "null" },
    { const: "" },
  ],
};

/** The key is required, and a key setting's name, for every provider but `openai_compatible`. */
export const KEY_REQUIRED_JSON_SCHEMA = {
  if: { properties: { api_provider: { const: "openai_compatible" } } },
  else: {
    required: ["api_key_name"],
    properties: {
      api_key_name: { type: "string", pattern: "^[A-Z][A-Z0-9_]*_API_KEYS?$" },
    },
  },
};

/** `base_url`: an absolute http(s) URL without credentials, query or fragment; blank is null. */
export const BASE_URL_JSON_SCHEMA = {
  anyOf: [
    {
      type: "string",
      format: "uri",
      maxLength: 500,
      pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@]+(?:/[^\\s?#]*)?$",
    },
    { const: "" },
  ],
};
