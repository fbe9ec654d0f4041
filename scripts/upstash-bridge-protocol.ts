/**
 * Upstash REST wire format, shared by the bridge: command parsing and reply encoding.
 * Replies are JSON: `{result}` or `{error}`; with `Upstash-Encoding: base64` every string result
 * except a bare "OK" is base64 (as Upstash answers), so binary values survive JSON.
 */

export type Command = string[];
export type Reply = null | number | string | Buffer | Reply[];

export class ProtocolError extends Error {}

/** One command: a non-empty JSON array of strings/numbers/booleans (the client stringifies). */
export function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ProtocolError("ERR command must be a non-empty JSON array");
  }
  return value.map((arg) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new ProtocolError("ERR command arguments must be strings or numbers");
  });
}

/** A pipeline or transaction body: a non-empty array of commands. */
export function parseCommands(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ProtocolError("ERR body must be a non-empty array of commands");
  }
  return value.map(parseCommand);
}

/** Path style (`/set/key/value`), which Upstash also accepts; segments are URL-decoded. */
export function commandFromPath(pathname: string): Command {
  const parts = pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  if (parts.length === 0) throw new ProtocolError("ERR empty command");
  return parts;
}

export function encodeReply(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((r) => encodeReply(r, base64));
  if (typeof reply === "string") {
    // Status replies (OK, PONG, QUEUED); the client leaves a bare "OK" undecoded.
    if (!base64 || reply === "OK") return reply;
    return Buffer.from(reply, "utf8").toString("base64");
  }
  return base64 ? reply.toString("base64") : reply.toString("utf8");
}

/** Normalizes what node-redis returns (bigint, boolean, odd objects) into Upstash's JSON types. */
export function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(toReply);
  if (value instanceof Map) return [...value.entries()].flat().map(toReply);
  return String(value);
}

/** Redis error text as Upstash forwards it (e.g. "ERR wrong number of arguments ..."). */
export function errorText(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return "ERR unknown error";
}
