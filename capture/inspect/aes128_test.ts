import assert from "node:assert/strict";
import { AES128_SCHEDULE_WORDS, encryptBlock128, expandKey128 } from "./aes128.ts";
import { hexBytes } from "./testdata/hex.ts";

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function encrypt(key: string, block: string): string {
  const schedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  expandKey128(hexBytes(key), schedule);
  const out = new Uint8Array(16);
  encryptBlock128(schedule, hexBytes(block), 0, out);
  return toHex(out);
}

Deno.test("expandKey128() ends with the last round key of FIPS 197 appendix A.1", () => {
  const schedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  expandKey128(hexBytes("2b7e151628aed2a6abf7158809cf4f3c"), schedule);
  assert.equal(schedule[AES128_SCHEDULE_WORDS - 1]!.toString(16), "b6630ca6");
});

Deno.test("encryptBlock128() gives the AES-128 vector of FIPS 197 appendix C.1", () => {
  assert.equal(
    encrypt("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"),
    "69c4e0d86a7b0430d8cdb78070b4c55a",
  );
});

Deno.test("encryptBlock128() gives the header protection mask of RFC 9001 appendix A.2", () => {
  const mask = encrypt("9f50449e04a0e810283a1e9933adedd2", "d1b1c98dd7689fb8ec11d242b123dc9b");
  assert.equal(mask.slice(0, 10), "437b9aec36");
});

Deno.test("expandKey128() refuses a key that is not 16 bytes", () => {
  assert.throws(() => expandKey128(new Uint8Array(24), new Uint32Array(60)), RangeError);
});
