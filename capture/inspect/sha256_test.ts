import assert from "node:assert/strict";
import { HMAC_KEY_STATE_WORDS, hmacKeyState, hmacSha256, hmacWithState, sha256 } from "./sha256.ts";

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function digest(msg: Uint8Array): string {
  const out = new Uint8Array(32);
  sha256(msg, out);
  return toHex(out);
}

Deno.test("sha256() gives the digests of FIPS 180-2 appendix B, padding into a second block", () => {
  assert.equal(
    digest(ascii("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    digest(new Uint8Array(0)),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  // 56 bytes: the length field no longer fits the first block.
  assert.equal(
    digest(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("hmacSha256() gives RFC 4231 test case 2, and a kept key state gives the same", () => {
  const key = ascii("Jefe");
  const msg = ascii("what do ya want for nothing?");
  const out = new Uint8Array(32);
  hmacSha256(key, msg, out);
  const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  assert.equal(toHex(out), expected);
  const state = new Uint32Array(HMAC_KEY_STATE_WORDS);
  hmacKeyState(key, state);
  out.fill(0);
  hmacWithState(state, msg, out);
  assert.equal(toHex(out), expected);
});

Deno.test("hmacSha256() refuses a key longer than one block", () => {
  assert.throws(
    () => hmacSha256(new Uint8Array(65), new Uint8Array(1), new Uint8Array(32)),
    RangeError,
  );
});
