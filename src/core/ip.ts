/**
 * Whether a string is an IPv4 or IPv6 address literal (no port, brackets or zone), written
 * without `node:net` so that the same check runs on Workers. A client address from a proxy's
 * header passes here before it is counted, logged or stored (varchar(64) columns).
 */
export function isIpLiteral(s: string): boolean {
  return s.includes(":") ? isIpv6(s) : isIpv4(s);
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
/** "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is the longest literal. */
const MAX_IPV6 = 45;

const isIpv4 = (s: string) => IPV4.test(s);

function isIpv6(s: string): boolean {
  if (s.length > MAX_IPV6) return false;
  // An embedded IPv4 address (::ffff:192.0.2.1) may only end the literal; it counts as 2 groups.
  const last = s.slice(s.lastIndexOf(":") + 1);
  let text = s;
  if (last.includes(".")) {
    if (!isIpv4(last)) return false;
    text = `${s.slice(0, s.length - last.length)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  if (!groups.every((g) => HEX_GROUP.test(g))) return false;
  // "::" stands for at least one zero group.
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}
