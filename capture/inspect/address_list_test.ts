import assert from "node:assert/strict";
import { AddressList, CACHED_ADDRESSES } from "./address_list.ts";
import { MAX_ANSWERS } from "./dns_cursor.ts";

const V4 = Uint8Array.of(192, 0, 2, 1, 198, 51, 100, 7);
/** 2001:db8::1 */
const V6 = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

Deno.test("AddressList joins A and AAAA data by commas, in the order added", () => {
  const list = new AddressList();
  assert.equal(list.text(), "");
  list.add(V4, 0, 4);
  list.add(V6, 0, 16);
  list.add(V4, 4, 4);
  assert.equal(list.size, 3);
  assert.equal(list.text(), "192.0.2.1,2001:db8::1,198.51.100.7");
  list.clear();
  list.add(V4, 4, 4);
  assert.equal(list.text(), "198.51.100.7");
});

Deno.test("AddressList ignores lengths other than 4 and 16, and addresses past MAX_ANSWERS", () => {
  const list = new AddressList();
  list.add(V6, 0, 8);
  assert.equal(list.size, 0);
  for (let i = 0; i < MAX_ANSWERS + 5; i++) list.add(V4, 0, 4);
  assert.equal(list.size, MAX_ANSWERS);
  assert.equal(list.text().split(",").length, MAX_ANSWERS);
});

Deno.test("AddressList gives a repeated set, a shorter one and one too long to cache their text", () => {
  const list = new AddressList();
  const textOf = (count: number) => {
    list.clear();
    for (let i = 0; i < count; i++) list.add(V4, (i % 2) * 4, 4);
    return list.text();
  };
  const first = textOf(CACHED_ADDRESSES);
  assert.equal(textOf(CACHED_ADDRESSES), first);
  assert.notEqual(textOf(CACHED_ADDRESSES - 1), first);
  assert.equal(textOf(CACHED_ADDRESSES + 1).split(",").length, CACHED_ADDRESSES + 1);
});
