/**
 * AEAD_AES_128_GCM decryption (RFC 5116 section 5.1; NIST SP 800-38D section 7.2) for 96-bit
 * nonces, which is all QUIC uses (RFC 9001 section 5.3): the tag is E_K(J0) XOR GHASH(A, C)
 * with J0 = nonce || 0^31 || 1, and the payload is deciphered in counter mode from inc32(J0).
 *
 * The tag is checked before anything is deciphered, so a datagram that fails it (a server's
 * Initial, noise on UDP 443) costs the hash alone. Built on `aes128.ts` and `ghash.ts` so the
 * capture worker needs no `node:crypto`, whose compat layer costs its isolate megabytes and
 * tens of milliseconds of start-up; scratch blocks are allocated once here.
 */
import { AES_BLOCK_LEN, encryptBlock128 } from "./aes128.ts";
import { GHASH_STATE_WORDS, ghashLengths, ghashReset, ghashTable, ghashUpdate } from "./ghash.ts";

export const GCM_NONCE_LEN = 12;
export const GCM_TAG_LEN = 16;

const counter = new Uint8Array(AES_BLOCK_LEN);
const keystream = new Uint8Array(AES_BLOCK_LEN);
const state = new Uint32Array(GHASH_STATE_WORDS);
const ZERO_BLOCK = new Uint8Array(AES_BLOCK_LEN);

/** Fill `table` (`GHASH_TABLE_WORDS` words) for the key of `schedule`: its hash key is E_K(0^128). */
export function gcmHashTable(schedule: Uint32Array, table: Uint32Array): void {
  encryptBlock128(schedule, ZERO_BLOCK, 0, keystream);
  ghashTable(keystream, table);
}

/**
 * Authenticate and decipher `bytes[at, at+len)`, whose 16-byte tag follows it, under the key
 * of `schedule` and its `table` (`gcmHashTable()`), with `aad[0, aadLen)` as associated data.
 * Writes the plaintext to `out[0, len)` and returns true, or returns false, writing nothing,
 * when the tag does not match.
 */
export function openAes128Gcm(
  schedule: Uint32Array,
  table: Uint32Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  aadLen: number,
  bytes: Uint8Array,
  at: number,
  len: number,
  out: Uint8Array,
): boolean {
  if (nonce.length !== GCM_NONCE_LEN) {
    throw new RangeError(`Cannot use a ${nonce.length}-byte GCM nonce: only 12 is supported`);
  }
  if (out.length < len) throw new RangeError(`Cannot write ${len} bytes into ${out.length}`);
  ghashReset(state);
  ghashUpdate(table, state, aad, 0, aadLen);
  ghashUpdate(table, state, bytes, at, len);
  ghashLengths(table, state, aadLen, len);
  counter.set(nonce);
  setCounter(1);
  encryptBlock128(schedule, counter, 0, keystream);
  // Not constant-time, and need not be: a passive observer is no decryption oracle.
  let diff = 0;
  const tagAt = at + len;
  for (let i = 0; i < GCM_TAG_LEN; i++) {
    const s = (state[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
    diff |= (s ^ keystream[i]!) ^ bytes[tagAt + i]!;
  }
  if (diff !== 0) return false;
  // Block i of the payload is XORed with E_K(J0 + 1 + i); 2^32 blocks are far beyond a datagram.
  let block = 2;
  for (let off = 0; off < len; off += AES_BLOCK_LEN, block++) {
    setCounter(block);
    encryptBlock128(schedule, counter, 0, keystream);
    const n = Math.min(AES_BLOCK_LEN, len - off);
    for (let i = 0; i < n; i++) out[off + i] = bytes[at + off + i]! ^ keystream[i]!;
  }
  return true;
}

/** The last 32 bits of the counter block, big-endian (inc32 of SP 800-38D section 6.2). */
function setCounter(n: number): void {
  counter[12] = n >>> 24;
  counter[13] = (n >>> 16) & 0xff;
  counter[14] = (n >>> 8) & 0xff;
  counter[15] = n & 0xff;
}
