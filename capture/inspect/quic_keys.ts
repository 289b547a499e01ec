/**
 * QUIC Initial packet keys (RFC 9001 section 5.2; RFC 9369 section 3.3 for version 2). They
 * derive from the client's first Destination Connection ID and a per-version salt, so anyone
 * on the path can read Initials: that is how tshark, and we, see the SNI.
 *
 * HKDF (RFC 5869) with SHA-256 is built on our own synchronous HMAC (`sha256.ts`), as the
 * capture worker's loop must not wait; the AES key schedules for header protection and for
 * the first keystream block are expanded here too, once per connection.
 */
import { hmacSha256, SHA256_LEN } from "./sha256.ts";
import { AES128_SCHEDULE_WORDS, expandKey128 } from "./aes128.ts";

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

/** initial_salt of RFC 9001 section 5.2. */
const SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
/** initial_salt of RFC 9369 section 3.3.1. */
const SALT_V2 = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
/** AEAD_AES_128_GCM key and nonce lengths, and the header protection key (RFC 9001 5.3, 5.4). */
const KEY_LEN = 16;
const IV_LEN = 12;
const HP_LEN = 16;

export interface QuicKeys {
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
  /** AES-128 schedules of `key` and `hp`, for `aes128.ts`. */
  keySchedule: Uint32Array;
  hpSchedule: Uint32Array;
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!, (h) => parseInt(h, 16));
}

/** Whether this inspector knows the Initial salt of `version`. */
export function isKnownVersion(version: number): boolean {
  return version === QUIC_V1 || version === QUIC_V2;
}

/** One HMAC output, copied out at the length asked for. */
const block = new Uint8Array(SHA256_LEN);

/** HKDF-Extract (RFC 5869 section 2.2). */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  const out = new Uint8Array(SHA256_LEN);
  hmacSha256(salt, ikm, out);
  return out;
}

/**
 * HKDF-Expand-Label with an empty context (RFC 8446 section 7.1), for outputs of at most one
 * SHA-256 block, which is all QUIC's Initial keys need.
 */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  if (length > SHA256_LEN) throw new RangeError(`Cannot expand ${length} bytes: at most 32`);
  const full = `tls13 ${label}`;
  const info = new Uint8Array(2 + 1 + full.length + 1 + 1);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = full.length;
  for (let i = 0; i < full.length; i++) info[3 + i] = full.charCodeAt(i);
  info[3 + full.length] = 0; // empty context
  info[4 + full.length] = 1; // HKDF-Expand's block counter T(1)
  hmacSha256(secret, info, block);
  return block.slice(0, length);
}

/** The client's Initial keys for `version` and the client's first Destination Connection ID. */
export function clientInitialKeys(version: number, dcid: Uint8Array): QuicKeys {
  const v2 = version === QUIC_V2;
  const initial = hkdfExtract(v2 ? SALT_V2 : SALT_V1, dcid);
  const client = hkdfExpandLabel(initial, "client in", SHA256_LEN);
  const prefix = v2 ? "quicv2 " : "quic ";
  const key = hkdfExpandLabel(client, `${prefix}key`, KEY_LEN);
  const hp = hkdfExpandLabel(client, `${prefix}hp`, HP_LEN);
  const keySchedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  const hpSchedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  expandKey128(key, keySchedule);
  expandKey128(hp, hpSchedule);
  return { key, iv: hkdfExpandLabel(client, `${prefix}iv`, IV_LEN), hp, keySchedule, hpSchedule };
}
