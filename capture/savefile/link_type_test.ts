import assert from "node:assert/strict";
import { DLT_RAW, dltToLinktype, LINKTYPE_RAW, linktypeToDlt } from "./link_type.ts";

Deno.test("linktypeToDlt() maps LINKTYPE_RAW 101 to DLT_RAW 12 as libpcap does on Linux", () => {
  assert.equal(linktypeToDlt(LINKTYPE_RAW), DLT_RAW);
  assert.equal(linktypeToDlt(101), 12);
});

Deno.test("linktypeToDlt() leaves Ethernet, SLL, SLL2 and NULL unchanged", () => {
  for (const value of [0, 1, 113, 276, 274, 228, 229]) assert.equal(linktypeToDlt(value), value);
});

Deno.test("dltToLinktype() inverts linktypeToDlt() for every mapped value", () => {
  for (const linktype of [100, 101, 102, 103, 106, 1, 113]) {
    assert.equal(dltToLinktype(linktypeToDlt(linktype)), linktype);
  }
});
