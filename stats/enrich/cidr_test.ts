import assert from "node:assert/strict";
import { cidrFromNetmask, formatCidr, parseCidr, prefixOfMask } from "./cidr.ts";

Deno.test("parseCidr() clears host bits so an interface address names its network", () => {
  assert.equal(formatCidr(parseCidr("192.168.1.77/24")), "192.168.1.0/24");
  assert.equal(formatCidr(parseCidr("fd00:1:2:3::9/48")), "fd00:1:2::/48");
  assert.equal(formatCidr(parseCidr("10.1.2.3/0")), "0.0.0.0/0");
  assert.equal(formatCidr(parseCidr("172.16.5.4/12")), "172.16.0.0/12");
});

Deno.test("parseCidr() takes a bare address as a single host", () => {
  assert.equal(formatCidr(parseCidr("10.0.0.1")), "10.0.0.1/32");
  assert.equal(formatCidr(parseCidr("2001:db8::1")), "2001:db8::1/128");
});

Deno.test("parseCidr() rejects a prefix longer than the family with a RangeError naming it", () => {
  assert.throws(() => parseCidr("10.0.0.0/33"), {
    name: "RangeError",
    message: 'Invalid --local-net "10.0.0.0/33": prefix length must be 0 to 32',
  });
  assert.throws(() => parseCidr("fd00::/129"), {
    name: "RangeError",
    message: 'Invalid --local-net "fd00::/129": prefix length must be 0 to 128',
  });
});

Deno.test("parseCidr() rejects text that is no address or no number with a SyntaxError", () => {
  assert.throws(() => parseCidr("10.0.0/8"), {
    name: "SyntaxError",
    message: 'Invalid --local-net "10.0.0/8": "10.0.0" is not an IPv4 or IPv6 address',
  });
  assert.throws(() => parseCidr("10.0.0.0/x", "--exclude"), {
    name: "SyntaxError",
    message: 'Invalid --exclude "10.0.0.0/x": prefix length "x" is not a number',
  });
  assert.throws(() => parseCidr("10.0.0.0/"), { message: /prefix length "" is not a number/ });
  assert.throws(() => parseCidr("10.0.0.0/-1"), { message: /prefix length "-1" is not a number/ });
});

Deno.test("cidrFromNetmask() turns libpcap's address and netmask pairs into prefixes", () => {
  assert.equal(formatCidr(cidrFromNetmask("192.0.2.2", "255.255.255.0")!), "192.0.2.0/24");
  assert.equal(formatCidr(cidrFromNetmask("fd00::2", "ffff:ffff:ffff:ffff::")!), "fd00::/64");
  assert.equal(formatCidr(cidrFromNetmask("127.0.0.1", "255.0.0.0")!), "127.0.0.0/8");
});

Deno.test("cidrFromNetmask() returns null for non-contiguous masks and mixed families", () => {
  assert.equal(cidrFromNetmask("10.0.0.1", "255.0.255.0"), null);
  assert.equal(cidrFromNetmask("10.0.0.1", "ffff::"), null);
  assert.equal(cidrFromNetmask("nonsense", "255.0.0.0"), null);
});

Deno.test("prefixOfMask() counts leading ones and returns -1 for a gap", () => {
  assert.equal(prefixOfMask(new Uint8Array([255, 255, 240, 0])), 20);
  assert.equal(prefixOfMask(new Uint8Array([0, 0, 0, 0])), 0);
  assert.equal(prefixOfMask(new Uint8Array([255, 0, 1, 0])), -1);
});
