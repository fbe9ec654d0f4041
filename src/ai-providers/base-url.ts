/**
 * Where a model's own server (`openai_compatible`'s `base_url`) may not be: link-local addresses
 * (169.254.0.0/16, fe80::/10) and the clouds' metadata services, which hand out the host's
 * credentials to whoever asks from inside. Loopback and private ranges stay allowed: a local
 * Ollama or vLLM lives there. The host is read as WHATWG URL parsing reads it, so `0xa9fea9fe`,
 * `2852039166`, `0251.0376.0251.0376` and `169.254.43518` are all 169.254.169.254. Names are
 * not resolved (the core has no DNS; Workers cannot): a DNS name pointing at 169.254.169.254 is
 * not caught here.
 */
const METADATA_NAMES = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);

/** 100.100.100.200: Alibaba Cloud's metadata service (outside link-local). */
const METADATA_V4 = [100, 100, 100, 200];
/** fd00:ec2::254: AWS's metadata service over IPv6. */
const METADATA_V6 = [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254];

const isDecimal = (s: string) => s !== "" && String(Number(s)) === s;

/** The four bytes of a canonical dotted IPv4 address (as WHATWG serializes one), else undefined. */
function ipv4(host: string): number[] | undefined {
  const parts = host.split(".");
  return parts.length === 4 && parts.every(isDecimal) ? parts.map(Number) : undefined;
}

/** The eight 16-bit groups of a bracketed IPv6 host (WHATWG's form: hex, `::` once), else undefined. */
function ipv6(host: string): number[] | undefined {
  if (!host.startsWith("[") || !host.endsWith("]")) return undefined;
  const [head = "", tail] = host.slice(1, -1).split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<number>(Math.max(0, zeros)).fill(0), ...right];
  return all.length === 8 && all.every((g) => g >= 0 && g <= 0xffff) ? all : undefined;
}

const same = (a: readonly number[], b: readonly number[]) => a.every((v, i) => v === b[i]);
const refusedV4 = (b: readonly number[]) => (b[0] === 169 && b[1] === 254) || same(b, METADATA_V4);

/** An IPv4 address carried in IPv6 (`::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), else undefined. */
function embeddedV4(g: readonly number[]): number[] | undefined {
  const mapped = g.slice(0, 5).every((v) => v === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((v) => v === 0);
  if (!mapped && !nat64) return undefined;
  const [hi = 0, lo = 0] = g.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

/** Whether `url` points at a link-local or metadata address (false for anything unparsable). */
export function refusedBaseUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  let host = new URL(url).hostname.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (METADATA_NAMES.has(host)) return true;
  const v4 = ipv4(host);
  if (v4) return refusedV4(v4);
  const v6 = ipv6(host);
  if (!v6) return false;
  const inner = embeddedV4(v6);
  return (
    ((v6[0] ?? 0) & 0xffc0) === 0xfe80 || same(v6, METADATA_V6) || (!!inner && refusedV4(inner))
  );
}
