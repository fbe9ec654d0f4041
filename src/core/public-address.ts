/**
 * Whether an IP address is a public unicast one: what an outgoing request the user chose (a
 * webhook) may connect to. Decided from the address alone, without `node:net`, so the same rule
 * runs on Workers. Parsing is by index, with no regular expression, over at most 45 characters.
 */

const MAX_IP_LENGTH = 45;

/** Four octets of a dotted-quad IPv4 literal (each 0-255, no leading zeros), else null. */
export function parseIpv4(s: string): number[] | null {
  if (s.length > 15) return null;
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === "0")) return null;
    for (const ch of p) if (ch < "0" || ch > "9") return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function hexGroup(g: string): number | null {
  if (g.length === 0 || g.length > 4) return null;
  let n = 0;
  for (const ch of g.toLowerCase()) {
    const d = "0123456789abcdef".indexOf(ch);
    if (d < 0) return null;
    n = n * 16 + d;
  }
  return n;
}

/** The 16 bytes of an IPv6 literal (`::`, an IPv4 tail; no zone, no brackets), else null. */
export function parseIpv6(s: string): number[] | null {
  if (s.length > MAX_IP_LENGTH || !s.includes(":")) return null;
  let text = s;
  let tail: number[] = [];
  const last = s.slice(s.lastIndexOf(":") + 1);
  if (last.includes(".")) {
    const v4 = parseIpv4(last);
    if (!v4) return null;
    tail = v4;
    text = s.slice(0, s.length - last.length);
    // "::ffff:" keeps its "::"; "1:2:3:4:5:6:" loses the colon before the IPv4 part.
    if (!text.endsWith("::") && text.endsWith(":")) text = text.slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groupsOf(halves[0] ?? "").map(hexGroup);
  const rest = halves.length === 2 ? groupsOf(halves[1] ?? "").map(hexGroup) : [];
  if ([...head, ...rest].some((g) => g === null)) return null;
  const want = 8 - tail.length / 2;
  const have = head.length + rest.length;
  if (halves.length === 2 ? have > want - 1 : have !== want) return null;
  const zeros = new Array<number>(want - have).fill(0);
  const groups = [...head, ...zeros, ...rest] as number[];
  return [...groups.flatMap((g) => [g >> 8, g & 0xff]), ...tail];
}

/** IPv4 ranges that are not public unicast: [first octets..., prefix length]. */
const V4_REFUSED: readonly (readonly [number, number, number, number, number])[] = [
  [0, 0, 0, 0, 8], // "this network"
  [10, 0, 0, 0, 8], // private
  [100, 64, 0, 0, 10], // carrier-grade NAT (shared address space)
  [127, 0, 0, 0, 8], // loopback
  [169, 254, 0, 0, 16], // link-local, cloud metadata (169.254.169.254)
  [172, 16, 0, 0, 12], // private
  [192, 0, 0, 0, 24], // IETF protocol assignments
  [192, 0, 2, 0, 24], // documentation
  [192, 88, 99, 0, 24], // 6to4 relay anycast
  [192, 168, 0, 0, 16], // private
  [198, 18, 0, 0, 15], // benchmarking
  [198, 51, 100, 0, 24], // documentation
  [203, 0, 113, 0, 24], // documentation
  [224, 0, 0, 0, 4], // multicast
  [240, 0, 0, 0, 4], // reserved, broadcast
];

/** IPv6 ranges refused inside 2000::/3 (the only global unicast block): [bytes..., prefix]. */
const V6_REFUSED: readonly (readonly number[])[] = [
  [0x20, 0x01, 0x00, 0x00, 23], // IETF protocol assignments (Teredo 2001::/32 included)
  [0x20, 0x01, 0x0d, 0xb8, 32], // documentation
  [0x20, 0x02, 0x00, 0x00, 16], // 6to4: an IPv4 address inside, whichever it is
  [0x3f, 0xff, 0x00, 0x00, 20], // documentation
];

function inPrefix(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((bytes[byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

const v4IsPublic = (b: readonly number[]) =>
  !V4_REFUSED.some((r) => inPrefix(b, r.slice(0, 4), r[4]));

/**
 * IPv6: only global unicast (2000::/3) outside the special blocks. Loopback, unspecified,
 * IPv4-mapped and -compatible, NAT64, unique local (fc00::/7, fd00:ec2::254 included),
 * link-local, site-local and multicast all fall outside 2000::/3.
 */
const v6IsPublic = (b: readonly number[]) =>
  inPrefix(b, [0x20], 3) && !V6_REFUSED.some((r) => inPrefix(b, r.slice(0, 4), r[4] ?? 0));

/** A public unicast address literal (IPv4 or IPv6); anything else, a name included, is not. */
export function isPublicAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4) return v4IsPublic(v4);
  const v6 = parseIpv6(ip);
  return v6 ? v6IsPublic(v6) : false;
}

/** The address literal a URL's host is (`[::1]` unbracketed), or null for a name. */
export function hostLiteral(hostname: string): string | null {
  const bare =
    hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return parseIpv4(bare) || parseIpv6(bare) ? bare : null;
}
