/**
 * AES-128 encryption of single blocks (FIPS 197), for QUIC Initial processing: the header
 * protection mask (RFC 9001 section 5.4.3, AES-ECB of a 16-byte sample), and the blocks of
 * AEAD_AES_128_GCM (`aes128_gcm.ts`: its hash key, tag mask and counter mode, NIST SP 800-38D),
 * whose first keystream block tells a client Initial's first frame type before the whole
 * packet is authenticated. A key is expanded once into a reused schedule and a block costs no
 * allocation.
 */

export const AES_BLOCK_LEN = 16;
/** AES-128: 10 rounds, so 11 round keys of 4 words (FIPS 197 section 5.2). */
const ROUNDS = 10;
export const AES128_SCHEDULE_WORDS = 4 * (ROUNDS + 1);
const KEY_LEN = 16;

/** The S-box (FIPS 197 section 5.1.1), computed from its definition: inverse in GF(2^8), then the affine map. */
const SBOX = new Uint8Array(256);
/** Round constants x^(i-1) in GF(2^8) (FIPS 197 section 5.2). */
const RCON = Uint8Array.from([0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36]);

/** Multiply by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function xtime(b: number): number {
  return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;
}

function buildSbox(): void {
  // Walk the multiplicative group with generator 3 to find inverses: 3^i and 3^(255-i).
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x ^= xtime(x);
  }
  for (let a = 0; a < 256; a++) {
    const inv = a === 0 ? 0 : exp[(255 - log[a]!) % 255]!;
    let s = inv;
    for (let r = 1; r <= 4; r++) s ^= ((inv << r) | (inv >> (8 - r))) & 0xff;
    SBOX[a] = s ^ 0x63;
  }
}
buildSbox();

/** Expand the 16-byte `key` into `schedule` (44 words, FIPS 197 section 5.2). */
export function expandKey128(key: Uint8Array, schedule: Uint32Array): void {
  if (key.length !== KEY_LEN) throw new RangeError(`Cannot use a ${key.length}-byte AES-128 key`);
  for (let i = 0; i < 4; i++) {
    schedule[i] = ((key[4 * i]! << 24) | (key[4 * i + 1]! << 16) | (key[4 * i + 2]! << 8) |
      key[4 * i + 3]!) >>> 0;
  }
  for (let i = 4; i < AES128_SCHEDULE_WORDS; i++) {
    let t = schedule[i - 1]!;
    if (i % 4 === 0) {
      // RotWord, SubWord, then the round constant in the first byte.
      t = ((SBOX[(t >>> 16) & 0xff]! ^ RCON[i / 4 - 1]!) << 24) |
        (SBOX[(t >>> 8) & 0xff]! << 16) | (SBOX[t & 0xff]! << 8) | SBOX[t >>> 24]!;
    }
    schedule[i] = (schedule[i - 4]! ^ t) >>> 0;
  }
}

/** The 16-byte state, column-major as in FIPS 197 section 3.4. */
const s = new Uint8Array(AES_BLOCK_LEN);

function addRoundKey(schedule: Uint32Array, round: number): void {
  for (let c = 0; c < 4; c++) {
    const k = schedule[4 * round + c]!;
    s[4 * c] = s[4 * c]! ^ (k >>> 24);
    s[4 * c + 1] = s[4 * c + 1]! ^ ((k >>> 16) & 0xff);
    s[4 * c + 2] = s[4 * c + 2]! ^ ((k >>> 8) & 0xff);
    s[4 * c + 3] = s[4 * c + 3]! ^ (k & 0xff);
  }
}

/** SubBytes and ShiftRows together: row r moves r columns to the left. */
function subShift(): void {
  const s1 = s[1]!, s2 = s[2]!, s3 = s[3]!, s6 = s[6]!, s7 = s[7]!, s10 = s[10]!, s11 = s[11]!;
  for (let i = 0; i < 16; i += 4) s[i] = SBOX[s[i]!]!;
  s[1] = SBOX[s[5]!]!;
  s[5] = SBOX[s[9]!]!;
  s[9] = SBOX[s[13]!]!;
  s[13] = SBOX[s1]!;
  s[2] = SBOX[s10]!;
  s[10] = SBOX[s2]!;
  s[6] = SBOX[s[14]!]!;
  s[14] = SBOX[s6]!;
  s[3] = SBOX[s[15]!]!;
  s[15] = SBOX[s11]!;
  s[11] = SBOX[s7]!;
  s[7] = SBOX[s3]!;
}

/** MixColumns (FIPS 197 section 5.1.3). */
function mixColumns(): void {
  for (let c = 0; c < 16; c += 4) {
    const a0 = s[c]!, a1 = s[c + 1]!, a2 = s[c + 2]!, a3 = s[c + 3]!;
    const all = a0 ^ a1 ^ a2 ^ a3;
    s[c] = a0 ^ all ^ xtime(a0 ^ a1);
    s[c + 1] = a1 ^ all ^ xtime(a1 ^ a2);
    s[c + 2] = a2 ^ all ^ xtime(a2 ^ a3);
    s[c + 3] = a3 ^ all ^ xtime(a3 ^ a0);
  }
}

/** Encrypt the block `input[at, at+16)` under `schedule` into `out[0, 16)`. */
export function encryptBlock128(
  schedule: Uint32Array,
  input: Uint8Array,
  at: number,
  out: Uint8Array,
): void {
  for (let i = 0; i < AES_BLOCK_LEN; i++) s[i] = input[at + i]!;
  addRoundKey(schedule, 0);
  for (let round = 1; round < ROUNDS; round++) {
    subShift();
    mixColumns();
    addRoundKey(schedule, round);
  }
  subShift();
  addRoundKey(schedule, ROUNDS);
  out.set(s);
}
