import { describe, expect, it } from "vitest";
import { refusedBaseUrl } from "../../src/ai-providers/base-url";

describe("refusedBaseUrl: link-local and metadata hosts, read as WHATWG URL parsing reads them", () => {
  it.each([
    "http://169.254.169.254/",
    "http://169.254.0.1/",
    "http://0xa9fea9fe/",
    "http://0xA9.0xFE.0xA9.0xFE/",
    "http://2852039166/",
    "http://[fe80::]/",
    "http://[FEBF:ffff::1]/",
    "http://[::ffff:169.254.1.2]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[fd00:ec2:0:0:0:0:0:254]/",
    "http://100.100.100.200/",
    "http://metadata.google.internal./",
    "https://Metadata.Goog/",
  ])("refuses %s", (url) => expect(refusedBaseUrl(url)).toBe(true));

  it.each([
    "http://127.1/",
    "http://0x7f000001/",
    "http://[::1]/",
    "http://[fec0::1]/",
    "http://[fd00::254]/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.253.255.255/",
    "http://169.255.0.1/",
    "http://10.1.2.3/",
    "http://metadata.example.com/",
    "not a url",
  ])("allows %s", (url) => expect(refusedBaseUrl(url)).toBe(false));
});
