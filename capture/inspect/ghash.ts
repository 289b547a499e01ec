/**
 * GHASH, the universal hash that authenticates AES-GCM (NIST SP 800-38D section 6.4): blocks
 * are folded into Y as Y = (Y xor X) * H in GF(2^128) modulo x^128 + x^7 + x^2 + x + 1.
 *
 * Multiplication uses Shoup's 4-bit tables (the GCM specification of McGrew and Viega,
 * section 4.1): per key, the 16 multiples of H by a 4-bit polynomial are precomputed, and
 * X * H walks X one nibble at a time with 32-bit words, so a block costs 32 table lookups
 * and shifts instead of 128 conditional XORs. Only datagrams that pass every cheap check of
 * a client Initial get here, so 32-bit arithmetic is fast enough and allocates nothing.
 *
 * GCM's bit order: bit 0 of a block (the most significant bit of byte 0) is the coefficient
 * of x^0, so multiplying by x shifts the 128-bit big-endian value right by one.
 */

/** A 128-bit value as four big-endian 32-bit words; 16 of them make a key's table. */
const WORDS = 4;
/** Multiples of H by every 4-bit polynomial (SP 800-38D multiplies by one nibble at a time). */
const TABLE_ENTRIES = 16;
export const GHASH_TABLE_WORDS = WORDS * TABLE_ENTRIES;
export const GHASH_STATE_WORDS = WORDS;
export const GHASH_BLOCK_LEN = 16;
/** Nibbles per block, walked from the last (highest degree) to the first. */
const NIBBLES = 2 * GHASH_BLOCK_LEN;
/** x^128 reduced: 1 + x + x^2 + x^7, i.e. the byte 0xe1 at the start of a block. */
const R_WORD = 0xe1000000;

/**
 * The top 16 bits to XOR into a value whose 4 lowest-order bits `r` (coefficients of x^124
 * to x^127) were shifted past x^127 by a multiplication by x^4: bit j of r, the coefficient
 * of x^(127-j), becomes x^(131-j) = x^(3-j) * x^128, the reduction polynomial shifted right
 * by 3-j bits.
 */
const REDUCE_4 = new Uint32Array(TABLE_ENTRIES);
for (let r = 0; r < TABLE_ENTRIES; r++) {
  let v = 0;
  for (let j = 0; j < 4; j++) if ((r >> j) & 1) v ^= (R_WORD >>> 16) >>> (3 - j);
  REDUCE_4[r] = v << 16;
}

/**
 * Fill `table` (GHASH_TABLE_WORDS words) with the multiples of the hash key `h` (16 bytes,
 * E_K(0^128)). Entry n holds n * H, where the nibble n = b3 b2 b1 b0 (b3 the high bit) is the
 * polynomial b3 + b2 x + b1 x^2 + b0 x^3.
 */
export function ghashTable(h: Uint8Array, table: Uint32Array): void {
  let v0 = word(h, 0), v1 = word(h, 4), v2 = word(h, 8), v3 = word(h, 12);
  // Entries 8, 4, 2, 1 are H, H*x, H*x^2, H*x^3.
  for (let n = 8; n >= 1; n >>= 1) {
    table[WORDS * n] = v0;
    table[WORDS * n + 1] = v1;
    table[WORDS * n + 2] = v2;
    table[WORDS * n + 3] = v3;
    const carry = v3 & 1;
    v3 = ((v3 >>> 1) | (v2 << 31)) >>> 0;
    v2 = ((v2 >>> 1) | (v1 << 31)) >>> 0;
    v1 = ((v1 >>> 1) | (v0 << 31)) >>> 0;
    v0 = ((v0 >>> 1) ^ (carry ? R_WORD : 0)) >>> 0;
  }
  for (let i = 0; i < WORDS; i++) table[i] = 0;
  // Every other entry is the XOR of the powers its bits name.
  for (let n = 3; n < TABLE_ENTRIES; n++) {
    const low = n & -n;
    if (low === n) continue;
    for (let i = 0; i < WORDS; i++) {
      table[WORDS * n + i] = table[WORDS * low + i]! ^ table[WORDS * (n ^ low) + i]!;
    }
  }
}

/** Start a new hash: Y = 0. */
export function ghashReset(state: Uint32Array): void {
  state.fill(0);
}

/**
 * Fold `bytes[at, at+len)` into `state`, 16 bytes at a time; a last partial block is padded
 * with zeros, as GCM pads both the associated data and the ciphertext (SP 800-38D 7.2 step 5).
 */
export function ghashUpdate(
  table: Uint32Array,
  state: Uint32Array,
  bytes: Uint8Array,
  at: number,
  len: number,
): void {
  const end = at + len;
  let p = at;
  for (; p + GHASH_BLOCK_LEN <= end; p += GHASH_BLOCK_LEN) {
    state[0] = state[0]! ^ word(bytes, p);
    state[1] = state[1]! ^ word(bytes, p + 4);
    state[2] = state[2]! ^ word(bytes, p + 8);
    state[3] = state[3]! ^ word(bytes, p + 12);
    multiplyH(table, state);
  }
  if (p === end) return;
  for (let i = 0; p < end; i++, p++) {
    const w = i >> 2;
    state[w] = state[w]! ^ (bytes[p]! << (24 - 8 * (i & 3)));
  }
  multiplyH(table, state);
}

/**
 * Fold the final block: the bit lengths of the associated data and of the ciphertext, each
 * as a 64-bit big-endian number (SP 800-38D section 7.2 step 5).
 */
export function ghashLengths(
  table: Uint32Array,
  state: Uint32Array,
  aadLen: number,
  textLen: number,
): void {
  // Byte counts below 2^29 keep bit counts within 32 bits; the high words stay zero.
  state[1] = state[1]! ^ (aadLen * 8);
  state[3] = state[3]! ^ (textLen * 8);
  multiplyH(table, state);
}

/** Y = Y * H, by Horner's rule over Y's nibbles from x^124..x^127 down to x^0..x^3. */
function multiplyH(table: Uint32Array, y: Uint32Array): void {
  let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
  for (let k = NIBBLES - 1; k >= 0; k--) {
    // Z = Z * x^4: shift right by a nibble and reduce what falls off the end.
    const r = z3 & 0xf;
    z3 = (z3 >>> 4) | (z2 << 28);
    z2 = (z2 >>> 4) | (z1 << 28);
    z1 = (z1 >>> 4) | (z0 << 28);
    z0 = (z0 >>> 4) ^ REDUCE_4[r]!;
    const n = WORDS * ((y[k >> 3]! >>> (28 - 4 * (k & 7))) & 0xf);
    z0 ^= table[n]!;
    z1 ^= table[n + 1]!;
    z2 ^= table[n + 2]!;
    z3 ^= table[n + 3]!;
  }
  y[0] = z0;
  y[1] = z1;
  y[2] = z2;
  y[3] = z3;
}

function word(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
