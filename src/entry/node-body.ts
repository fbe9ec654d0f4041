import type { Readable } from "node:stream";
import { bodyTooLarge } from "../core/body";
import { ApiError } from "../core/errors";
import type { BodyReader } from "../core/types";

const bodyIncomplete = () =>
  new ApiError(400, { detail: "The request closed before its body ended." });

const BOM = "\uFEFF";

/**
 * The body of a Node request, read straight from its IncomingMessage (see `BodyReader`). The
 * first call reads; later calls get the same text. Past `maxBytes` it stops keeping data and
 * rejects with 413 (what is still arriving is discarded by the stream). A leading byte order
 * mark is dropped, as the Fetch API's `text()` does, so both runtimes read the same JSON.
 */
export function incomingBody(incoming: Readable): BodyReader {
  let text: Promise<string> | undefined;
  return (maxBytes) => {
    text ??= new Promise<string>((resolve, reject) => {
      if (incoming.readableEnded) return resolve("");
      const chunks: Buffer[] = [];
      let size = 0;
      const stop = () => {
        incoming.off("data", onData);
        incoming.off("end", onEnd);
        incoming.off("error", onError);
        incoming.off("close", onClose);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          stop();
          incoming.resume();
          reject(bodyTooLarge());
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => {
        stop();
        const s = (
          chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)
        ).toString("utf8");
        resolve(s.startsWith(BOM) ? s.slice(1) : s);
      };
      // The client went away (or was cut off at REQUEST_TIMEOUT_MS) mid-body: its failure, not
      // the server's, so a 4xx that nobody will read rather than a logged 500.
      const onError = () => {
        stop();
        reject(bodyIncomplete());
      };
      const onClose = () => {
        stop();
        reject(bodyIncomplete());
      };
      incoming.on("data", onData);
      incoming.on("end", onEnd);
      incoming.on("error", onError);
      incoming.on("close", onClose);
    });
    return text;
  };
}
