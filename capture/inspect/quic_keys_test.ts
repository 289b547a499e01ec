import assert from "node:assert/strict";
import { clientInitialKeys, hkdfExpandLabel, QUIC_V1, QUIC_V2 } from "./quic_keys.ts";
import { hexBytes } from "./testdata/hex.ts";

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
/** The Destination Connection ID of the test vectors (RFC 9001 A.1, RFC 9369 A.1). */
const DCID = hexBytes("8394c8f03e515708");

Deno.test("clientInitialKeys() gives the version 1 keys of RFC 9001 appendix A.1", () => {
  const k = clientInitialKeys(QUIC_V1, DCID);
  assert.equal(toHex(k.key), "1f369613dd76d5467730efcbe3b1a22d");
  assert.equal(toHex(k.iv), "fa044b2f42a3fd3b46fb255c");
  assert.equal(toHex(k.hp), "9f50449e04a0e810283a1e9933adedd2");
});

Deno.test("clientInitialKeys() gives the version 2 keys of RFC 9369 appendix A.1", () => {
  const k = clientInitialKeys(QUIC_V2, DCID);
  assert.equal(toHex(k.key), "8b1a0bc121284290a29e0971b5cd045d");
  assert.equal(toHex(k.iv), "91f73e2351d8fa91660e909f");
  assert.equal(toHex(k.hp), "45b95e15235d6f45a6b19cbcb0294ba9");
});

Deno.test("hkdfExpandLabel() refuses more than one SHA-256 block", () => {
  assert.throws(() => hkdfExpandLabel(new Uint8Array(32), "x", 33), RangeError);
});

Deno.test("QuicKeys.derive() over keys already used gives the new DCID's keys, none of the old", () => {
  const k = clientInitialKeys(QUIC_V2, hexBytes("0011223344556677"));
  // Key, IV, schedule and GHASH table all derived for the first DCID.
  assert.deepEqual([k.key.length, k.iv.length, k.keySchedule.length, k.hashTable.length], [
    16,
    12,
    44,
    64,
  ]);
  k.derive(QUIC_V1, DCID);
  assert.equal(toHex(k.hp), "9f50449e04a0e810283a1e9933adedd2");
  assert.equal(toHex(k.key), "1f369613dd76d5467730efcbe3b1a22d");
  assert.equal(toHex(k.iv), "fa044b2f42a3fd3b46fb255c");
  assert.deepEqual(k.keySchedule, clientInitialKeys(QUIC_V1, DCID).keySchedule);
  assert.deepEqual(k.hashTable, clientInitialKeys(QUIC_V1, DCID).hashTable);
});
