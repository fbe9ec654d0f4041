import { describe, expect, it } from "vitest";
import { isIpLiteral } from "../../src/core/ip";
import { clientIp } from "../../src/core/request-context";

describe("isIpLiteral", () => {
  it("accepts IPv4 and IPv6 literals", () => {
    for (const ip of [
      "0.0.0.0",
      "10.1.2.3",
      "255.255.255.255",
      "::",
      "::1",
      "2001:db8::7",
      "2001:0db8:0000:0000:0000:ff00:0042:8329",
      "fe80::1:2:3:4:5",
      "1::",
      "::ffff:192.0.2.128",
      "64:ff9b::192.0.2.33",
      "1:2:3:4:5:6:7::",
      "::2:3:4:5:6:7:8",
      "1:2:3:4:5:6:1.2.3.4",
    ]) {
      expect(isIpLiteral(ip), ip).toBe(true);
    }
  });

  it("refuses anything else", () => {
    for (const ip of [
      "",
      "unknown",
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4.5",
      "01.2.3.4",
      "1.2.3.4:80",
      " 1.2.3.4",
      "1.2.3.-4",
      "[::1]",
      "::1%eth0",
      ":::",
      "1:::2",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "12345::",
      "g::1",
      "1:2:3:4:5:6:7:1.2.3.4",
      "::1.2.3.4:5",
      "f".repeat(120),
      `${"1:".repeat(60)}1`,
    ]) {
      expect(isIpLiteral(ip), ip).toBe(false);
    }
  });
});

describe("clientIp", () => {
  const headers = (xff: string) => new Headers({ "x-forwarded-for": xff });

  it("takes the proxy's last address when it is an IP literal", () => {
    expect(clientIp(headers("198.51.100.1, 203.0.113.9"), "X-Forwarded-For", "10.0.0.1")).toBe(
      "203.0.113.9",
    );
    expect(clientIp(headers("2001:db8::7"), "X-Forwarded-For", "10.0.0.1")).toBe("2001:db8::7");
  });

  it("falls back to the socket address when the header's last entry is not one", () => {
    for (const xff of [`203.0.113.9, ${"a".repeat(100)}`, "203.0.113.9, unknown", "1.2.3.4:80"]) {
      expect(clientIp(headers(xff), "X-Forwarded-For", "10.0.0.1"), xff).toBe("10.0.0.1");
    }
  });

  it("never passes on a socket address that is no IP literal", () => {
    expect(clientIp(new Headers(), undefined, "x".repeat(100))).toBe("unknown");
    expect(clientIp(new Headers(), undefined, undefined)).toBe("unknown");
    expect(clientIp(new Headers(), undefined, "::ffff:127.0.0.1")).toBe("::ffff:127.0.0.1");
  });
});
