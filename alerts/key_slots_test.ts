import assert from "node:assert/strict";
import { addressKey, AddressSlots } from "./address_slots.ts";
import { KeySlots } from "./key_slots.ts";

Deno.test("KeySlots finds, creates, refuses past capacity and clears in O(1)", () => {
  const slots = new KeySlots(3);
  assert.equal(slots.find(10), 0);
  assert.ok(slots.created);
  assert.equal(slots.find(10), 0);
  assert.ok(!slots.created);
  assert.equal(slots.find(20), 1);
  assert.equal(slots.find(30), 2);
  assert.equal(slots.find(40), -1);
  assert.equal(slots.refused, 1);
  assert.equal(slots.get(30), 2);
  assert.equal(slots.get(40), -1);
  slots.clear();
  assert.equal(slots.get(10), -1);
  assert.equal(slots.find(40), 0);
  assert.equal(slots.keyOf(0), 40);
});

Deno.test("KeySlots holds a million distinct keys only up to its cap", () => {
  const slots = new KeySlots(1000);
  for (let k = 0; k < 1_000_000; k++) slots.find(Math.imul(k, 2654435761) & 0x3fff_ffff);
  assert.equal(slots.size, 1000);
  assert.equal(slots.refused, 999_000);
});

Deno.test("AddressSlots names its addresses, IPv4 and IPv6", () => {
  const slots = new AddressSlots(4, 2);
  const v4 = new Uint8Array([192, 0, 2, 7]);
  const v6 = new Uint8Array(16);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[2] = 0x0d;
  v6[3] = 0xb8;
  v6[15] = 1;
  const s = slots.find(addressKey(v4, 4));
  slots.setAddress(s, 0, v4, 4);
  slots.setAddress(s, 1, v6, 16);
  assert.equal(slots.addressText(s, 0), "192.0.2.7");
  assert.equal(slots.addressText(s, 1), "2001:db8::1");
  assert.ok(addressKey(v4, 4) <= 0x3fff_ffff);
  assert.notEqual(addressKey(v4, 4), addressKey(new Uint8Array([192, 0, 2, 8]), 4));
  assert.notEqual(addressKey(v6, 16), addressKey(new Uint8Array(16), 16));
});
