import assert from "node:assert/strict";
import { LLC_TRUNCATED, llcSnapEtherType, NOT_SNAP } from "./llc.ts";
import { hex } from "./testdata/fixture.ts";

function snapType(bytes: Uint8Array): number {
  return llcSnapEtherType(new DataView(bytes.buffer), 0, bytes.length);
}

Deno.test("llcSnapEtherType() returns the EtherType of an RFC 1042 or 802.1H SNAP header", () => {
  assert.equal(snapType(hex("aa aa 03 00 00 00 08 00")), 0x0800);
  assert.equal(snapType(hex("aa aa 03 00 00 f8 80 f3")), 0x80f3);
});

Deno.test("llcSnapEtherType() returns NOT_SNAP for STP, XID and vendor-OUI SNAP frames", () => {
  assert.equal(snapType(hex("42 42 03 00 00 00 00 00")), NOT_SNAP, "STP");
  assert.equal(snapType(hex("00 01 af 81 01 00")), NOT_SNAP, "XID");
  assert.equal(snapType(hex("aa aa 03 00 00 0c 20 00")), NOT_SNAP, "Cisco CDP");
  assert.equal(snapType(hex("aa aa 13 00 00 00 08 00")), NOT_SNAP, "not UI");
});

Deno.test("llcSnapEtherType() returns LLC_TRUNCATED when the LLC or SNAP header is cut", () => {
  const full = hex("aa aa 03 00 00 00 08 00");
  for (let n = 0; n < full.length; n++) {
    assert.equal(llcSnapEtherType(new DataView(full.buffer, 0, n), 0, n), LLC_TRUNCATED);
  }
});
