import {
  type Outbound,
  type OutboundAnswer,
  OutboundError,
  type OutboundPost,
} from "../core/outbound";

/** A DNS-over-HTTPS JSON answer (RFC 8427-like, as Cloudflare and Google serve it). */
interface DohAnswer {
  Answer?: { type: number; data: string }[];
}
const A = 1;
const AAAA = 28;
const DOH_TIMEOUT_MS = 5_000;

async function queryDoh(dohUrl: string, host: string, type: "A" | "AAAA"): Promise<string[]> {
  const url = new URL(dohUrl);
  url.searchParams.set("name", host);
  url.searchParams.set("type", type);
  const res = await fetch(url, {
    headers: { accept: "application/dns-json" },
    signal: AbortSignal.timeout(DOH_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`DoH answered ${res.status}`);
  const text = await readAtMost(res, 64 * 1024);
  const body = JSON.parse(text) as DohAnswer;
  const want = type === "A" ? A : AAAA;
  return (body.Answer ?? []).filter((a) => a.type === want).map((a) => a.data);
}

/** The body's first `maxBytes` (UTF-8), the rest left unread. */
async function readAtMost(res: Response, maxBytes: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all.subarray(0, maxBytes));
}

async function post(req: OutboundPost): Promise<OutboundAnswer> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    throw new OutboundError((err as Error).name === "TimeoutError" ? "timeout" : "connection");
  }
  const excerpt = await readAtMost(res, req.maxBytes).catch(() => "");
  return { status: res.status, excerpt };
}

/**
 * Workers' outbound HTTP. `fetch` cannot be told which address to connect to, so a name is
 * vetted through DNS-over-HTTPS (every A and AAAA answer must be public) and `fetch` then
 * resolves it again on Cloudflare's side: a name that changes its answer between the two
 * lookups (DNS rebinding) is not caught here. What bounds that: a Worker's requests leave from
 * Cloudflare's network, not from the deployment's own, so its private addresses are not
 * reachable from there at all (docs/API.md, "Webhooks").
 */
export function createWorkerOutbound(dohUrl: string): Outbound {
  return {
    pinsAddress: false,
    async resolve(host) {
      const [v4, v6] = await Promise.all([
        queryDoh(dohUrl, host, "A"),
        queryDoh(dohUrl, host, "AAAA"),
      ]);
      return [...v4, ...v6];
    },
    post,
  };
}
