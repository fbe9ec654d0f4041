import type { ServerResponse } from "node:http";
import type { Behavior, WireFormat } from "./fake-provider";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `text`, waiting while the client does not read (so the fake itself stays bounded). */
async function send(res: ServerResponse, text: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  }
  return !res.destroyed;
}

/** The hostile answers: each over the wire format a real SDK parses. */
export async function hostile(
  wire: WireFormat,
  b: Extract<Behavior, { kind: "content" | "huge" | "endless" | "redirect" }>,
  stream: boolean,
  res: ServerResponse,
) {
  const usage = { prompt: 120, completion: 80 };
  const head = stream ? "text/event-stream" : "application/json";
  if (b.kind === "redirect") {
    return void res.writeHead(b.status, { location: b.location, "content-length": "0" }).end();
  }
  if (b.kind === "content") {
    if (!stream)
      return void res
        .writeHead(200, { "content-type": head })
        .end(JSON.stringify(wire.plain(b.content, usage)));
    res.writeHead(200, { "content-type": head });
    for (const event of wire.streamEvents([b.content], usage))
      await send(res, `data: ${event}\n\n`);
    return void res.end();
  }
  res.writeHead(200, { "content-type": head });
  if (b.kind === "endless") {
    const event = `data: ${wire.streamEvents([b.chunk ?? "x"], usage)[0]}\n\n`;
    while (await send(res, event)) if (b.chunkDelayMs) await sleep(b.chunkDelayMs);
    return;
  }
  const fill = b.fill ?? "x";
  const piece = b.pieceChars ?? 65_536;
  if (stream) {
    for (let left = b.chars; left > 0; left -= piece) {
      const text = fill.repeat(Math.ceil(Math.min(piece, left) / fill.length));
      if (!(await send(res, `data: ${wire.streamEvents([text], usage)[0]}\n\n`))) return;
    }
    return void res.end();
  }
  const mark = "\u0001MARK\u0001";
  const [before = "", after = ""] = JSON.stringify(wire.plain(mark, usage)).split(
    JSON.stringify(mark).slice(1, -1),
  );
  if (!(await send(res, before))) return;
  for (let left = b.chars; left > 0; left -= piece) {
    if (!(await send(res, fill.repeat(Math.ceil(Math.min(piece, left) / fill.length))))) return;
  }
  res.end(after);
}
