import { describe, expect, it } from "vitest";
import { REFUSED_ADDRESS, UNRESOLVED, vetDestination } from "../../src/core/outbound";
import { hostLiteral, isPublicAddress, parseIpv4, parseIpv6 } from "../../src/core/public-address";

/** The address rule of outgoing requests (webhooks): decided from addresses, no traffic. */
describe("isPublicAddress", () => {
  it.each([
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "100.64.0.1", // CGNAT
    "100.127.255.255",
    "127.0.0.1",
    "127.8.8.8",
    "169.254.169.254", // cloud metadata
    "169.254.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "192.88.99.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1", // multicast
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::", // unspecified
    "::1", // loopback
    "::ffff:127.0.0.1", // IPv4-mapped
    "::ffff:8.8.8.8", // mapped, even of a public address
    "::ffff:7f00:1",
    "::127.0.0.1", // IPv4-compatible
    "64:ff9b::a00:1", // NAT64
    "100::1", // discard
    "2001::1", // Teredo
    "2001:db8::1", // documentation
    "2002:7f00:1::1", // 6to4
    "fc00::1", // unique local
    "fd00:ec2::254", // AWS metadata (IPv6)
    "fe80::1", // link-local
    "fec0::1", // site-local
    "ff02::1", // multicast
  ])("refuses %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "100.63.255.255", // just below CGNAT
    "100.128.0.0", // just above
    "172.15.255.255",
    "172.32.0.0",
    "169.253.255.255",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:81b::200e",
    "2001:4860:4860::8888", // outside 2001::/23
  ])("allows %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it("is false for anything that is not an address literal", () => {
    for (const s of ["", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1"])
      expect(isPublicAddress(s), s).toBe(false);
    for (const s of ["1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "[::1]"])
      expect(isPublicAddress(s), s).toBe(false);
    expect(isPublicAddress(`${"1:".repeat(100)}1`)).toBe(false);
  });
});

describe("parsing", () => {
  it("reads IPv4 and IPv6 literals to their bytes", () => {
    expect(parseIpv4("192.168.0.1")).toEqual([192, 168, 0, 1]);
    expect(parseIpv6("::1")).toEqual([...new Array(15).fill(0), 1]);
    expect(parseIpv6("::ffff:1.2.3.4")).toEqual([...new Array(10).fill(0), 0xff, 0xff, 1, 2, 3, 4]);
    expect(parseIpv6("1:2:3:4:5:6:7.8.9.10")?.slice(12)).toEqual([7, 8, 9, 10]);
    expect(parseIpv6("2001:db8::")).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]);
  });

  it("finds the literal in a URL's hostname (as the URL parser normalised it)", () => {
    expect(hostLiteral(new URL("https://2130706433/").hostname)).toBe("127.0.0.1");
    expect(hostLiteral(new URL("https://0x7f.1/").hostname)).toBe("127.0.0.1");
    expect(hostLiteral(new URL("https://[::ffff:127.0.0.1]/").hostname)).toBe("::ffff:7f00:1");
    expect(hostLiteral(new URL("https://example.com/").hostname)).toBeNull();
  });
});

describe("vetDestination", () => {
  /** A resolver stub: nothing leaves the machine. */
  const resolver = (answers: Record<string, string[]>) => ({
    resolve: async (host: string) => {
      const found = answers[host];
      if (!found) throw new Error("NXDOMAIN");
      return found;
    },
  });
  const dns = resolver({
    "good.example": ["93.184.216.34", "2606:4700::1"],
    "bad.example": ["127.0.0.1"],
    "half.example": ["93.184.216.34", "10.0.0.1"],
    "empty.example": [],
  });
  const vet = (url: string, allowPrivate = false) =>
    vetDestination(dns, new URL(url), allowPrivate);

  it("gives the address to connect to: the literal, or the name's first answer", async () => {
    expect(await vet("https://8.8.8.8/")).toEqual({ ok: true, address: "8.8.8.8" });
    expect(await vet("https://good.example/")).toEqual({ ok: true, address: "93.184.216.34" });
  });

  it("refuses a private literal, a name with any private answer, or no answer", async () => {
    expect(await vet("https://10.0.0.1/")).toEqual({ ok: false, reason: REFUSED_ADDRESS });
    expect(await vet("https://[::1]:8443/")).toEqual({ ok: false, reason: REFUSED_ADDRESS });
    expect(await vet("https://bad.example/")).toEqual({ ok: false, reason: REFUSED_ADDRESS });
    expect(await vet("https://half.example/")).toEqual({ ok: false, reason: REFUSED_ADDRESS });
    expect(await vet("https://empty.example/")).toEqual({ ok: false, reason: UNRESOLVED });
    expect(await vet("https://missing.example/")).toEqual({ ok: false, reason: UNRESOLVED });
  });

  it("allows private addresses when told to (development, tests)", async () => {
    expect(await vet("http://127.0.0.1:9/", true)).toEqual({ ok: true, address: "127.0.0.1" });
    expect(await vet("https://bad.example/", true)).toEqual({ ok: true, address: "127.0.0.1" });
  });

  it("gives up on a resolver that does not answer in time", async () => {
    const hung = { resolve: () => new Promise<string[]>(() => {}) };
    expect(await vetDestination(hung, new URL("https://slow.example/"), false, 20)).toEqual({
      ok: false,
      reason: UNRESOLVED,
    });
  });
});
