/**
 * Test helper: QUIC Initial packets made the way a client makes them (RFC 9001 section 5), with
 * node:crypto rather than the inspector's own AES, GHASH and HKDF, so that a test checks the
 * inspector against an independent implementation and tshark reads the same bytes.
 *
 * Salts are written out here again, from tshark 4.0's packet-quic.c and the RFCs, instead of
 * being imported from `quic_versions.ts`: tshark decides whether each is right.
 */
import { createCipheriv, createHmac } from "node:crypto";
import { hexBytes } from "./hex.ts";

/** Initial salts by name (RFC 9001 5.2, RFC 9369 3.3.1, Wireshark's packet-quic.c). */
export const SALTS = {
  draft22: "7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a",
  draft23: "c3eef712c72ebb5a11a7d2432bb46365bef9f502",
  draft29: "afbfec289993d24c9e9786f19c6111e04390a899",
  v1: "38762cf7f55934b34d179ae6a4c80cadccbb7f0a",
  v2: "0dede3def700a6db819381be6e269dcbf9bd2ed9",
  q050: "504574efd066fe2f9d945cfcdbd3a7f0d3b56b45",
  t050: "7ff579e5acd072915580304c43a2367c60488310",
  t051: "7a4edef4e7ccee5fa4506c19124fc8ccda6e033d",
} as const;
export type SaltName = keyof typeof SALTS;

export interface PacketKeys {
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/** HKDF-Expand-Label with an empty context (RFC 8446 section 7.1), one block at most. */
function expandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const full = ascii(`tls13 ${label}`);
  const info = Uint8Array.from([length >> 8, length & 0xff, full.length, ...full, 0, 1]);
  return new Uint8Array(createHmac("sha256", secret).update(info).digest()).subarray(0, length);
}

/** The Initial keys of one side ("client in" or "server in") for a salt and the first DCID. */
export function initialKeys(
  salt: SaltName,
  dcid: Uint8Array,
  side: "client" | "server" = "client",
  labelPrefix = salt === "v2" ? "quicv2 " : "quic ",
): PacketKeys {
  const initial = new Uint8Array(createHmac("sha256", hexBytes(SALTS[salt])).update(dcid).digest());
  const secret = expandLabel(initial, `${side} in`, 32);
  return {
    key: expandLabel(secret, `${labelPrefix}key`, 16),
    iv: expandLabel(secret, `${labelPrefix}iv`, 12),
    hp: expandLabel(secret, `${labelPrefix}hp`, 16),
  };
}

/** A QUIC variable-length integer (RFC 9000 section 16), in its 1, 2 or 4 byte form. */
export function varint(n: number): number[] {
  if (n < 0x40) return [n];
  if (n < 0x4000) return [0x40 | (n >> 8), n & 0xff];
  return [0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** A CRYPTO frame: IETF type 0x06, Google QUIC's 0x08 when `google`. */
export function cryptoFrame(offset: number, data: Uint8Array, google = false): Uint8Array {
  return Uint8Array.from([
    google ? 0x08 : 0x06,
    ...varint(offset),
    ...varint(data.length),
    ...data,
  ]);
}

/**
 * A TLS 1.3 ClientHello handshake message (RFC 8446 section 4.1.2) naming `sni` (none when
 * null), with `padding` bytes of the padding extension (RFC 7685) to make it as long as a test
 * needs.
 */
export function clientHello(sni: string | null, padding = 0): Uint8Array {
  const ext = (type: number, body: number[]) => [
    type >> 8,
    type & 0xff,
    body.length >> 8,
    body.length & 0xff,
    ...body,
  ];
  const extensions: number[] = [];
  if (sni !== null) {
    const name = ascii(sni);
    const entry = [0, name.length >> 8, name.length & 0xff, ...name];
    extensions.push(...ext(0, [entry.length >> 8, entry.length & 0xff, ...entry]));
  }
  extensions.push(...ext(0x2b, [2, 0x03, 0x04])); // supported_versions: TLS 1.3
  extensions.push(...ext(0x39, [])); // quic_transport_parameters (RFC 9001 section 8.2)
  if (padding > 0) extensions.push(...ext(0x15, new Array(padding).fill(0)));
  const body = [
    0x03,
    0x03,
    ...new Array(32).fill(0x5a), // random
    0, // legacy_session_id
    0,
    2,
    0x13,
    0x01, // TLS_AES_128_GCM_SHA256
    1,
    0, // null compression
    extensions.length >> 8,
    extensions.length & 0xff,
    ...extensions,
  ];
  return Uint8Array.from([
    1,
    body.length >> 16,
    (body.length >> 8) & 0xff,
    body.length & 0xff,
    ...body,
  ]);
}

export interface LongPacket {
  version: number;
  /** Long packet type bits (RFC 9000 17.2): 0 Initial in version 1, 1 in version 2. */
  type: number;
  dcid: Uint8Array;
  scid?: Uint8Array;
  packetNumber: number;
  /** Plaintext frames; zero bytes (PADDING frames) are added up to `padTo` bytes of packet. */
  frames: Uint8Array;
  padTo?: number;
  keys: PacketKeys;
}

const PN_LEN = 2;
const TAG_LEN = 16;

/**
 * One protected long-header packet with a token field (an Initial): AEAD_AES_128_GCM over the
 * frames with the header as associated data, then header protection (RFC 9001 5.3, 5.4).
 */
export function protectedInitial(p: LongPacket): Uint8Array {
  const scid = p.scid ?? new Uint8Array(0);
  const headerStart = [
    0xc0 | (p.type << 4) | (PN_LEN - 1),
    ...[24, 16, 8, 0].map((s) => (p.version >>> s) & 0xff),
    p.dcid.length,
    ...p.dcid,
    scid.length,
    ...scid,
    0, // token length
  ];
  // Length is written in its 2-byte form; pad so that the whole packet reaches `padTo`.
  const fixed = headerStart.length + 2 + PN_LEN + TAG_LEN;
  const payloadLen = Math.max(p.frames.length, (p.padTo ?? 0) - fixed, 4);
  const payload = new Uint8Array(payloadLen);
  payload.set(p.frames);
  const length = PN_LEN + payloadLen + TAG_LEN;
  const pn = [(p.packetNumber >> 8) & 0xff, p.packetNumber & 0xff];
  const header = Uint8Array.from([...headerStart, 0x40 | (length >> 8), length & 0xff, ...pn]);
  const nonce = p.keys.iv.slice();
  nonce[10] = nonce[10]! ^ pn[0]!;
  nonce[11] = nonce[11]! ^ pn[1]!;
  const cipher = createCipheriv("aes-128-gcm", p.keys.key, nonce);
  cipher.setAAD(header);
  const sealed = [...cipher.update(payload), ...cipher.final(), ...cipher.getAuthTag()];
  const packet = Uint8Array.from([...header, ...sealed]);
  const pnOffset = header.length - PN_LEN;
  const sample = packet.subarray(pnOffset + 4, pnOffset + 20);
  const ecb = createCipheriv("aes-128-ecb", p.keys.hp, null);
  const mask = new Uint8Array(ecb.update(sample));
  packet[0] = packet[0]! ^ (mask[0]! & 0x0f);
  for (let i = 0; i < PN_LEN; i++) packet[pnOffset + i] = packet[pnOffset + i]! ^ mask[1 + i]!;
  return packet;
}

/**
 * A long-header packet without a token field (0-RTT, Handshake) whose payload is opaque bytes:
 * its keys come from a handshake no observer can follow, so only its framing matters here.
 */
export function opaqueLongPacket(
  version: number,
  type: number,
  dcid: Uint8Array,
  payloadLen: number,
): Uint8Array {
  const length = PN_LEN + payloadLen;
  return Uint8Array.from([
    0xc0 | (type << 4) | (PN_LEN - 1),
    ...[24, 16, 8, 0].map((s) => (version >>> s) & 0xff),
    dcid.length,
    ...dcid,
    0,
    0x40 | (length >> 8),
    length & 0xff,
    ...new Array(length).fill(0).map((_, i) => (i * 37 + 11) & 0xff),
  ]);
}

/** Bytes joined, for coalesced packets (RFC 9000 section 12.2). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
