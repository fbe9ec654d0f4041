import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * A local server speaking Sentry's envelope endpoint (`POST /api/<project>/envelope/`): what the
 * real SDK sends arrives here, raw text kept so tests can check what never leaves the process.
 */
export interface FakeSentry {
  dsn: string;
  envelopes: { raw: string; items: { header: Record<string, unknown>; payload: unknown }[] }[];
  events(): Record<string, unknown>[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
}

/** Envelope: a header line, then item header + payload lines. */
function parseEnvelope(raw: string) {
  const lines = raw.split("\n").filter((l) => l.length > 0);
  const items: { header: Record<string, unknown>; payload: unknown }[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    const header = JSON.parse(lines[i] as string) as Record<string, unknown>;
    const text = lines[i + 1] as string;
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // attachments are not JSON
    }
    items.push({ header, payload });
  }
  return items;
}

export async function startFakeSentry(project = "42"): Promise<FakeSentry> {
  const envelopes: FakeSentry["envelopes"] = [];
  const server = createServer(async (req, res) => {
    if (req.method === "POST" && req.url?.startsWith(`/api/${project}/envelope/`)) {
      const raw = await bodyOf(req);
      envelopes.push({ raw, items: parseEnvelope(raw) });
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("{}");
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://publickey@127.0.0.1:${port}/${project}`,
    envelopes,
    events: () =>
      envelopes.flatMap((e) =>
        e.items
          .filter((i) => i.header.type === "event")
          .map((i) => i.payload as Record<string, unknown>),
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
