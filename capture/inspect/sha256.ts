/**
 * HMAC-SHA-256 (RFC 2104 over FIPS 180-4's SHA-256), written out so that deriving a QUIC
 * connection's Initial keys costs a few microseconds and no allocation: `node:crypto`'s HMAC
 * builds a hash object and a Buffer per call, and a burst of new connections (or of UDP that
 * only looks like QUIC) pays that for every one.
 *
 * Keys of at most one block (64 bytes) only: QUIC's salts and secrets are 20 and 32 bytes.
 */

/** SHA-256 digest length and its block length (FIPS 180-4 section 1). */
export const SHA256_LEN = 32;
const BLOCK_LEN = 64;
/** The length field of SHA-256 padding: 64 bits, big-endian (FIPS 180-4 section 5.1.1). */
const LENGTH_FIELD = 8;
/** HMAC's inner and outer pads (RFC 2104 section 2). */
const IPAD = 0x36;
const OPAD = 0x5c;

/** Round constants (FIPS 180-4 section 4.2.2). */
const K = Uint32Array.from([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);
/** Initial hash value (FIPS 180-4 section 5.3.3). */
const H0 = Uint32Array.from([
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
]);

/** Scratch of module scope: one hash runs at a time. */
const state = new Uint32Array(8);
const w = new Uint32Array(64);
const block = new Uint8Array(BLOCK_LEN);
const blockView = new DataView(block.buffer);
const inner = new Uint8Array(SHA256_LEN);

function compress(): void {
  for (let t = 0; t < 16; t++) w[t] = blockView.getUint32(4 * t);
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = w[t - 16]! + s0 + w[t - 7]! + s1;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = state[0]! + a;
  state[1] = state[1]! + b;
  state[2] = state[2]! + c;
  state[3] = state[3]! + d;
  state[4] = state[4]! + e;
  state[5] = state[5]! + f;
  state[6] = state[6]! + g;
  state[7] = state[7]! + h;
}

/** Hash one 64-byte block of `key` XOR `pad` (zero-extended), as HMAC's first block. */
function padBlock(key: Uint8Array, pad: number): void {
  state.set(H0);
  block.fill(pad);
  for (let i = 0; i < key.length; i++) block[i] = key[i]! ^ pad;
  compress();
}

/** Continue the hash after `prefix` bytes with `msg`, pad it, and write the digest to `out`. */
function finish(msg: Uint8Array, prefix: number, out: Uint8Array, outAt: number): void {
  let fill = 0;
  for (let i = 0; i < msg.length; i++) {
    block[fill++] = msg[i]!;
    if (fill === BLOCK_LEN) {
      compress();
      fill = 0;
    }
  }
  block[fill++] = 0x80;
  if (fill > BLOCK_LEN - LENGTH_FIELD) {
    block.fill(0, fill);
    compress();
    fill = 0;
  }
  block.fill(0, fill, BLOCK_LEN - LENGTH_FIELD);
  const bits = (prefix + msg.length) * 8;
  blockView.setUint32(BLOCK_LEN - 8, Math.floor(bits / 0x1_0000_0000));
  blockView.setUint32(BLOCK_LEN - 4, bits >>> 0);
  compress();
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[outAt + 4 * i] = v >>> 24;
    out[outAt + 4 * i + 1] = (v >>> 16) & 0xff;
    out[outAt + 4 * i + 2] = (v >>> 8) & 0xff;
    out[outAt + 4 * i + 3] = v & 0xff;
  }
}

/** SHA-256 of `msg` into `out` (32 bytes). */
export function sha256(msg: Uint8Array, out: Uint8Array): void {
  state.set(H0);
  finish(msg, 0, out, 0);
}

/** Words of an `hmacKeyState()`: the hash states after the inner and after the outer pad. */
export const HMAC_KEY_STATE_WORDS = 16;
const scratchKey = new Uint32Array(HMAC_KEY_STATE_WORDS);

/**
 * Hash `key`'s two pad blocks once into `out`, so that each HMAC under that key then costs
 * two blocks for a short message instead of four (RFC 2104 section 4 suggests the same).
 */
export function hmacKeyState(key: Uint8Array, out: Uint32Array): void {
  if (key.length > BLOCK_LEN) throw new RangeError(`Cannot use a ${key.length}-byte HMAC key`);
  padBlock(key, IPAD);
  out.set(state, 0);
  padBlock(key, OPAD);
  out.set(state, 8);
}

/** HMAC-SHA-256 of `msg` under the key whose `hmacKeyState()` is `keyState`, into `out`. */
export function hmacWithState(keyState: Uint32Array, msg: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < 8; i++) state[i] = keyState[i]!;
  finish(msg, BLOCK_LEN, inner, 0);
  for (let i = 0; i < 8; i++) state[i] = keyState[8 + i]!;
  finish(inner, BLOCK_LEN, out, 0);
}

/** HMAC-SHA-256 of `msg` under `key` (at most 64 bytes) into `out` (32 bytes). */
export function hmacSha256(key: Uint8Array, msg: Uint8Array, out: Uint8Array): void {
  hmacKeyState(key, scratchKey);
  hmacWithState(scratchKey, msg, out);
}
