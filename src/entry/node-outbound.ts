import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import {
  type Outbound,
  type OutboundAnswer,
  OutboundError,
  type OutboundPost,
} from "../core/outbound";

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for the socket that answers with the vetted address only: the connection goes where
 * the check said, whatever the name resolves to by now (no second resolution to race).
 */
const pinnedLookup =
  (address: string) => (_host: string, options: { all?: boolean }, cb: LookupCallback) => {
    const family = isIP(address);
    if (options.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  };

/**
 * One POST. The answer counts once its status line arrived; its body is read until `maxBytes`,
 * its end, or the time budget (what came by then is the excerpt), then the socket is dropped.
 */
function post(req: OutboundPost): Promise<OutboundAnswer> {
  const { url, address, timeoutMs, maxBytes } = req;
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    let answer: IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.destroy();
      if (!answer) return reject(new OutboundError(timedOut ? "timeout" : "connection"));
      const excerpt = Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
      resolve({ status: answer.statusCode ?? 0, excerpt });
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      finish();
    }, timeoutMs);
    const r: ClientRequest = send(
      url,
      {
        method: "POST",
        headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) },
        lookup: pinnedLookup(address) as never,
        agent: false,
      },
      (res) => {
        answer = res;
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBytes) finish();
        });
        res.on("end", finish);
        res.on("error", finish);
      },
    );
    r.on("error", finish);
    r.end(req.body);
  });
}

/** Node's outbound HTTP: the system resolver, and connections pinned to the vetted address. */
export function createNodeOutbound(): Outbound {
  return {
    pinsAddress: true,
    async resolve(host) {
      const found = await lookup(host, { all: true, verbatim: true });
      return found.map((a) => a.address);
    },
    post,
  };
}
