/**
 * Removing Initial packet protection (RFC 9001 section 5): header protection with AES-128 in
 * ECB mode over a 16-byte sample of the ciphertext (section 5.4.3), then AEAD_AES_128_GCM over
 * the payload, the header as associated data and the IV XOR the packet number as the nonce
 * (section 5.3).
 *
 * Two cheap checks run before the AEAD, which is the costly part (and reports failure by
 * throwing): the reserved bits that header protection hides must be zero (RFC 9000 section
 * 17.2), and the payload's first byte, deciphered with one block of GCM's counter mode, must
 * be a frame type an Initial may start with (RFC 9000 section 12.4, table 3) that
 * `readCryptoFrames()` would walk. A datagram that only looks like a client Initial (a
 * server's Initial, or random bytes on UDP 443) fails one of them about 99 times in 100.
 */
import { AES_BLOCK_LEN, encryptBlock128 } from "./aes128.ts";
import { GCM_TAG_LEN, openAes128Gcm } from "./aes128_gcm.ts";
import type { QuicKeys } from "./quic_keys.ts";
import type { LongHeader } from "./quic_header.ts";
import { isGoogleQuic } from "./quic_versions.ts";

/** The sample starts 4 bytes after the packet number's start (RFC 9001 section 5.4.2). */
const SAMPLE_OFFSET = 4;
const SAMPLE_LEN = 16;
/** Long headers protect the low 4 bits of the first byte (RFC 9001 section 5.4.1). */
const LONG_FIRST_BYTE_MASK = 0x0f;
const PN_LENGTH_MASK = 0x03;
/** Long-header bits that must be zero once header protection is removed (RFC 9000 17.2). */
const RESERVED_BITS = 0x0c;
/** GCM counter of the first payload block: J0 is IV || 1, the payload starts at inc32(J0). */
const FIRST_PAYLOAD_COUNTER = 2;
/** First frame types an Initial payload can begin with that `readCryptoFrames()` walks. */
const PADDING = 0x00;
const PING = 0x01;
const ACK = 0x02;
const ACK_ECN = 0x03;
const CRYPTO = 0x06;
const GQUIC_PING = 0x07;
const GQUIC_CRYPTO = 0x08;
/**
 * Header bytes copied as associated data. A long header is at most 1+4+1+20+1+20+8+8+4 bytes
 * plus the token; Retry tokens are opaque but servers keep them well under a kilobyte.
 */
const MAX_HEADER_LEN = 2048;
/**
 * Longest payload opened: a UDP datagram carries at most 65,535 - 8 bytes (RFC 768's 16-bit
 * length), and QUIC does not use IPv6 jumbograms (RFC 9000 section 14).
 */
const MAX_PAYLOAD_LEN = 65536;

const aad = new Uint8Array(MAX_HEADER_LEN);
const mask = new Uint8Array(AES_BLOCK_LEN);
const counter = new Uint8Array(AES_BLOCK_LEN);
const nonce = new Uint8Array(12);
/** Plaintext of the last packet opened; made on first use, as most captures carry no QUIC. */
let plain: Uint8Array | null = null;

/**
 * Whether a payload starting with the frame type `b` can give `readCryptoFrames()` data;
 * `google` for Google QUIC's frame numbers.
 */
function isInitialFirstFrame(b: number, google: boolean): boolean {
  if (google) return b === PADDING || b === GQUIC_PING || b === GQUIC_CRYPTO;
  return b === PADDING || b === PING || b === ACK || b === ACK_ECN || b === CRYPTO;
}

/**
 * The plaintext payload of the Initial packet `h` in `data`, or null when it cannot be
 * opened: too short, or authentication fails (a server's Initial, or not QUIC at all). The
 * bytes are valid until the next call, which reuses them.
 */
export function openInitial(
  data: DataView,
  start: number,
  h: LongHeader,
  keys: QuicKeys,
): Uint8Array | null {
  const sampleAt = h.pnOffset + SAMPLE_OFFSET;
  if (sampleAt + SAMPLE_LEN > h.end) return null;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  encryptBlock128(keys.hpSchedule, bytes, sampleAt, mask);
  const first = data.getUint8(start) ^ (mask[0]! & LONG_FIRST_BYTE_MASK);
  if ((first & RESERVED_BITS) !== 0) return null;
  const pnLen = (first & PN_LENGTH_MASK) + 1;
  const headerLen = h.pnOffset + pnLen - start;
  const payloadAt = h.pnOffset + pnLen;
  const payloadLen = h.end - GCM_TAG_LEN - payloadAt;
  if (headerLen > MAX_HEADER_LEN || payloadLen < 0 || payloadLen > MAX_PAYLOAD_LEN) return null;
  aad.set(bytes.subarray(start, h.pnOffset + pnLen));
  aad[0] = first;
  let pn = 0;
  for (let i = 0; i < pnLen; i++) {
    const b = data.getUint8(h.pnOffset + i) ^ mask[1 + i]!;
    aad[h.pnOffset - start + i] = b;
    pn = pn * 256 + b;
  }
  nonce.set(keys.iv);
  // The packet number, left-padded to the IV's length, XORed into it (RFC 9001 5.3).
  for (let i = 0; i < 4; i++) {
    nonce[nonce.length - 1 - i] = nonce[nonce.length - 1 - i]! ^ ((pn >>> (8 * i)) & 0xff);
  }
  counter.set(nonce);
  counter[AES_BLOCK_LEN - 1] = FIRST_PAYLOAD_COUNTER;
  encryptBlock128(keys.keySchedule, counter, 0, mask);
  const firstFrame = data.getUint8(h.pnOffset + pnLen) ^ mask[0]!;
  if (!isInitialFirstFrame(firstFrame, isGoogleQuic(h.version))) return null;
  plain ??= new Uint8Array(MAX_PAYLOAD_LEN);
  const ok = openAes128Gcm(
    keys.keySchedule,
    keys.hashTable,
    nonce,
    aad,
    headerLen,
    bytes,
    payloadAt,
    payloadLen,
    plain,
  );
  return ok ? plain.subarray(0, payloadLen) : null;
}
