import assert from "node:assert/strict";
import { addressText, ipText } from "./ip_text.ts";

const bytes = (hex: string) =>
  new DataView(Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)).buffer);
const v6 = (hex: string) => addressText(bytes(hex), 0, 16);

Deno.test("addressText() prints a dotted quad at an offset", () => {
  assert.equal(addressText(bytes("09c0a80001"), 1, 4), "192.168.0.1");
});

Deno.test("addressText() shortens the longest zero run to :: (RFC 5952 section 4.2)", () => {
  assert.equal(v6("20010db8000000000000000000000001"), "2001:db8::1");
  assert.equal(v6("00000000000000000000000000000001"), "::1");
  assert.equal(v6("00000000000000000000000000000000"), "::");
  assert.equal(v6("fe800000000000000000000000000000"), "fe80::");
  assert.equal(v6("20010db8000100020003000400050006"), "2001:db8:1:2:3:4:5:6");
});

Deno.test("addressText() leaves a single zero group and picks the first of equal runs", () => {
  assert.equal(v6("20010db8000000010001000100010001"), "2001:db8:0:1:1:1:1:1");
  assert.equal(v6("20010000000000010000000000010001"), "2001::1:0:0:1:1");
  assert.equal(v6("20010000000000010000000000000001"), "2001:0:0:1::1");
});

Deno.test("ipText() dispatches on the address length", () => {
  assert.equal(ipText(Uint8Array.of(10, 0, 0, 1), 4), "10.0.0.1");
  assert.equal(ipText(new Uint8Array(16), 16), "::");
  assert.equal(ipText(new Uint8Array(16), 0), "");
});
