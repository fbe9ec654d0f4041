/**
 * A parsed server-sent event: its name (`message` by default), its joined `data:` lines and its
 * `id:` when it has one (what a resume sends back as `Last-Event-ID`).
 */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads a `text/event-stream` body as EventSource does (events end at a blank line; `data:`
 * lines join with "\n"; comments and unknown fields are skipped). Works on any fetch body, which
 * EventSource cannot do for POST requests with an Authorization header.
 */
export async function* parseSseStream(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // stream: true keeps a multi-byte character split across chunks intact.
      if (value) buffer += decoder.decode(value, { stream: !done });
      let end = blankLine(buffer);
      while (end) {
        const event = parseBlock(buffer.slice(0, end.index));
        buffer = buffer.slice(end.index + end.length);
        if (event) yield event;
        end = blankLine(buffer);
      }
      if (done) break;
    }
    const last = parseBlock(buffer);
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function blankLine(s: string): { index: number; length: number } | null {
  const m = /\r\n\r\n|\n\n|\r\r/.exec(s);
  return m ? { index: m.index, length: m[0].length } : null;
}

function parseBlock(block: string): SseEvent | null {
  let event = "message";
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) id = value;
  }
  if (!data.length) return null;
  return id === undefined ? { event, data: data.join("\n") } : { event, data: data.join("\n"), id };
}
