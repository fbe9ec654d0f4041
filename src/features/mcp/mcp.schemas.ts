import * as z from "zod";

/** A JSON-RPC 2.0 id: a string or a number (null when the request could not be read). */
const idSchema = z.union([z.string(), z.number()]).nullable();

const errorObjectSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});

/** A JSON-RPC answer without a result: what the transport refuses a request with. */
export const jsonRpcErrorSchema = z.object({
  jsonrpc: z.literal("2.0"),
  id: idSchema,
  error: errorObjectSchema,
});

/** One answer: a result (the MCP result of the method) or an error. */
const answerSchema = z.object({
  jsonrpc: z.literal("2.0"),
  id: idSchema,
  result: z.record(z.string(), z.unknown()).optional(),
  error: errorObjectSchema.optional(),
});

/** What `POST /mcp` answers 200 with: one answer, or one per request of a batch. */
export const jsonRpcAnswerSchema = z.union([answerSchema, z.array(answerSchema)]);
