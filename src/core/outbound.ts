import { hostLiteral, isPublicAddress } from "./public-address";

/**
 * Outgoing HTTP to a destination a user chose (a webhook's URL): the port the entries implement
 * (src/entry/node-outbound.ts, worker-outbound.ts). A name is resolved first and its addresses
 * vetted; the request then connects only to the address that passed.
 */
export interface Outbound {
  /** The addresses (A and AAAA) a host name resolves to; no connection is made. */
  resolve(host: string): Promise<string[]>;
  /**
   * POSTs `body` to `url` through a connection to `address` (TLS still checks the URL's host),
   * following no redirect, within `timeoutMs`; reads at most `maxBytes` of the answer's body.
   * Rejects with `OutboundError` when no answer came.
   */
  post(req: OutboundPost): Promise<OutboundAnswer>;
  /** Whether `post` connects to exactly `address` (Node); Workers' `fetch` resolves again. */
  readonly pinsAddress: boolean;
}

export interface OutboundPost {
  url: URL;
  address: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  timeoutMs: number;
  maxBytes: number;
}

export interface OutboundAnswer {
  status: number;
  /** The start of the body (at most `maxBytes`, decoded as UTF-8). */
  excerpt: string;
}

/** Why no answer came: the time ran out, or the connection failed or was cut. */
export class OutboundError extends Error {
  constructor(readonly reason: "timeout" | "connection") {
    super(reason);
    this.name = "OutboundError";
  }
}

export type Vetted = { ok: true; address: string } | { ok: false; reason: string };

export const REFUSED_ADDRESS = "The address is not a public one.";
export const UNRESOLVED = "The host name did not resolve.";

/**
 * Where a request to `url` may connect: its literal address, or the first address its name
 * resolves to, when every resolved address is public (a name with one private answer is
 * refused: which one a client picks is not ours to know). `allowPrivate` (development and
 * tests) skips the rule. Decided from addresses alone: nothing is connected to.
 */
export async function vetDestination(
  outbound: Pick<Outbound, "resolve">,
  url: URL,
  allowPrivate: boolean,
  resolveTimeoutMs = 5_000,
): Promise<Vetted> {
  const literal = hostLiteral(url.hostname);
  if (literal) {
    return allowPrivate || isPublicAddress(literal)
      ? { ok: true, address: literal }
      : { ok: false, reason: REFUSED_ADDRESS };
  }
  let addresses: string[];
  try {
    addresses = await withinTime(outbound.resolve(url.hostname), resolveTimeoutMs);
  } catch {
    return { ok: false, reason: UNRESOLVED };
  }
  const first = addresses[0];
  if (first === undefined) return { ok: false, reason: UNRESOLVED };
  if (!allowPrivate && !addresses.every(isPublicAddress))
    return { ok: false, reason: REFUSED_ADDRESS };
  return { ok: true, address: first };
}

/** `p`, or a rejection once `ms` passed (a resolver that hangs holds nobody for long). */
function withinTime<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("resolve timed out")), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
