import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { AES128_SCHEDULE_WORDS, expandKey128 } from "./aes128.ts";
import { GCM_TAG_LEN, gcmHashTable, openAes128Gcm } from "./aes128_gcm.ts";
import { GHASH_TABLE_WORDS } from "./ghash.ts";
import { hexBytes } from "./testdata/hex.ts";
import {
  RFC9001_CLIENT_CRYPTO_FRAME,
  RFC9001_CLIENT_HEADER,
  RFC9001_CLIENT_INITIAL,
  RFC9001_CLIENT_IV,
  RFC9001_CLIENT_KEY,
  RFC9001_PADDING_LEN,
} from "./testdata/rfc9001_initial.ts";

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

interface Sealed {
  key: Uint8Array;
  nonce: Uint8Array;
  aad: Uint8Array;
  /** Ciphertext followed by the tag. */
  sealed: Uint8Array;
}

/** The plaintext of `s` (without the tag), or null when it does not authenticate. */
function open(s: Sealed): Uint8Array | null {
  const schedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  expandKey128(s.key, schedule);
  const table = new Uint32Array(GHASH_TABLE_WORDS);
  gcmHashTable(schedule, table);
  const len = s.sealed.length - GCM_TAG_LEN;
  const out = new Uint8Array(len);
  const ok = openAes128Gcm(schedule, table, s.nonce, s.aad, s.aad.length, s.sealed, 0, len, out);
  return ok ? out : null;
}

/** The AES-128 test cases with 96-bit IVs of the GCM specification (McGrew and Viega). */
const K3 = "feffe9928665731c6d6a8f9467308308";
const IV3 = "cafebabefacedbaddecaf888";
const P3 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const C3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" +
  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
const CASES = [
  {
    name: "1",
    k: "0".repeat(32),
    iv: "0".repeat(24),
    a: "",
    p: "",
    c: "",
    t: "58e2fccefa7e3061367f1d57a4e7455a",
  },
  {
    name: "2",
    k: "0".repeat(32),
    iv: "0".repeat(24),
    a: "",
    p: "0".repeat(32),
    c: "0388dace60b6a392f328c2b971b2fe78",
    t: "ab6e47d42cec13bdf53a67b21257bddf",
  },
  { name: "3", k: K3, iv: IV3, a: "", p: P3, c: C3, t: "4d5c2af327cd64a62cf35abd2ba6fab4" },
  {
    name: "4 (60-byte text, 20-byte AAD)",
    k: K3,
    iv: IV3,
    a: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
    p: P3.slice(0, 120),
    c: C3.slice(0, 120),
    t: "5bc94fbc3221a5db94fae95ae7121a47",
  },
];

for (const c of CASES) {
  Deno.test(`openAes128Gcm() deciphers GCM spec test case ${c.name}`, () => {
    const sealed = { key: hexBytes(c.k), nonce: hexBytes(c.iv), aad: hexBytes(c.a) };
    const plain = open({ ...sealed, sealed: hexBytes(c.c + c.t) });
    assert.ok(plain !== null);
    assert.equal(toHex(plain), c.p);
  });
}

Deno.test("openAes128Gcm() refuses test case 4 with one bit changed in text, AAD or tag", () => {
  const c = CASES[3]!;
  for (const [where, at] of [["text", 7], ["tag", 60 + 15]] as const) {
    const sealed = hexBytes(c.c + c.t);
    sealed[at] = sealed[at]! ^ 0x80;
    const s = { key: hexBytes(c.k), nonce: hexBytes(c.iv), aad: hexBytes(c.a), sealed };
    assert.equal(open(s), null, where);
  }
  const aad = hexBytes(c.a);
  aad[19] = aad[19]! ^ 1;
  assert.equal(
    open({ key: hexBytes(c.k), nonce: hexBytes(c.iv), aad, sealed: hexBytes(c.c + c.t) }),
    null,
  );
});

Deno.test("openAes128Gcm() writes nothing when the tag fails", () => {
  const c = CASES[2]!;
  const schedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  expandKey128(hexBytes(c.k), schedule);
  const table = new Uint32Array(GHASH_TABLE_WORDS);
  gcmHashTable(schedule, table);
  const sealed = hexBytes(c.c + "00".repeat(GCM_TAG_LEN));
  const out = new Uint8Array(64).fill(0xaa);
  assert.ok(!openAes128Gcm(schedule, table, hexBytes(c.iv), sealed, 0, sealed, 0, 64, out));
  assert.ok(out.every((b) => b === 0xaa));
});

Deno.test("openAes128Gcm() opens the client Initial payload of RFC 9001 appendix A.2", () => {
  const packet = hexBytes(RFC9001_CLIENT_INITIAL);
  const header = hexBytes(RFC9001_CLIENT_HEADER);
  const nonce = hexBytes(RFC9001_CLIENT_IV);
  nonce[11] = nonce[11]! ^ 2; // packet number 2 (RFC 9001 section 5.3)
  const payload = packet.subarray(header.length);
  const plain = open({ key: hexBytes(RFC9001_CLIENT_KEY), nonce, aad: header, sealed: payload });
  assert.ok(plain !== null);
  assert.equal(toHex(plain), RFC9001_CLIENT_CRYPTO_FRAME + "00".repeat(RFC9001_PADDING_LEN));
});

Deno.test("openAes128Gcm() agrees with node:crypto at every length of text and AAD to 40", () => {
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const fill = (n: number) => Uint8Array.from({ length: n }, next);
  for (let textLen = 0; textLen <= 40; textLen++) {
    for (let aadLen = 0; aadLen <= 40; aadLen += 3) {
      const key = fill(16), nonce = fill(12), aad = fill(aadLen), text = fill(textLen);
      const gcm = createCipheriv("aes-128-gcm", key, nonce);
      gcm.setAAD(aad);
      const sealed = new Uint8Array([...gcm.update(text), ...gcm.final(), ...gcm.getAuthTag()]);
      assert.deepEqual(open({ key, nonce, aad, sealed }), text, `text ${textLen}, aad ${aadLen}`);
    }
  }
});

Deno.test("openAes128Gcm() refuses a nonce that is not 96 bits", () => {
  const schedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  const table = new Uint32Array(GHASH_TABLE_WORDS);
  const none = new Uint8Array(GCM_TAG_LEN);
  assert.throws(
    () => openAes128Gcm(schedule, table, new Uint8Array(8), none, 0, none, 0, 0, none),
    RangeError,
  );
});
