/**
 * The few savefile structures a download writes, into a caller's buffer: a classic pcap header
 * and records (nanosecond magic, since the ring keeps nanoseconds), or a pcapng section header,
 * one interface description per link type (if_tsresol 9: nanoseconds) and enhanced packet
 * blocks. Little-endian, as tcpdump writes on x86. (The -w writers own a file and a buffer of
 * their own; a streamed body needs its bytes in chunks it can hand over, so these write there.)
 */
import { dltToLinktype } from "../../capture/savefile/link_type.ts";

/** Every kept packet fits under this: libpcap's largest snaplen. */
const SNAPLEN = 262_144;
const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAP_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const SHB_BYTES = 28;
/** IDB with if_tsresol (4 bytes of option header, 4 of value and padding) and opt_endofopt. */
export const IDB_BYTES = 32;
export const EPB_OVERHEAD = 32;
const IF_TSRESOL = 9;
const NANOSECONDS = 9;

export function writePcapHeader(view: DataView, at: number, linkType: number): number {
  view.setUint32(at, PCAP_MAGIC_NS, true);
  view.setUint16(at + 4, 2, true);
  view.setUint16(at + 6, 4, true);
  view.setInt32(at + 8, 0, true);
  view.setUint32(at + 12, 0, true);
  view.setUint32(at + 16, SNAPLEN, true);
  view.setUint32(at + 20, dltToLinktype(linkType), true);
  return at + PCAP_HEADER_BYTES;
}

export function writePcapRecord(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  packet: { tsSec: number; tsNsec: number; caplen: number; wireLen: number; frame: Uint8Array },
): number {
  view.setUint32(at, packet.tsSec, true);
  view.setUint32(at + 4, packet.tsNsec, true);
  view.setUint32(at + 8, packet.caplen, true);
  view.setUint32(at + 12, packet.wireLen, true);
  bytes.set(packet.frame.subarray(0, packet.caplen), at + PCAP_RECORD_HEADER_BYTES);
  return at + PCAP_RECORD_HEADER_BYTES + packet.caplen;
}

export function writeSectionHeader(view: DataView, at: number): number {
  view.setUint32(at, SHB, true);
  view.setUint32(at + 4, SHB_BYTES, true);
  view.setUint32(at + 8, BYTE_ORDER_MAGIC, true);
  view.setUint16(at + 12, 1, true);
  view.setUint16(at + 14, 0, true);
  // Section length unknown (-1): the body is streamed.
  view.setInt32(at + 16, -1, true);
  view.setInt32(at + 20, -1, true);
  view.setUint32(at + 24, SHB_BYTES, true);
  return at + SHB_BYTES;
}

/** Bytes of a section header block whose only option is `comment` (UTF-8). */
export function commentedSectionBytes(comment: Uint8Array): number {
  return SHB_BYTES + 4 + ((comment.length + 3) & ~3) + 4;
}

/**
 * A section header with a comment (shb_comment, option 1), ending the file: where a streamed
 * pcapng says what it could only know at its end. Readers show it with the capture's comments.
 */
export function writeCommentedSection(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  comment: Uint8Array,
): number {
  const length = commentedSectionBytes(comment);
  writeSectionHeader(view, at);
  view.setUint32(at + 4, length, true);
  const options = at + SHB_BYTES - 4;
  view.setUint16(options, 1, true);
  view.setUint16(options + 2, comment.length, true);
  bytes.set(comment, options + 4);
  const padded = options + 4 + ((comment.length + 3) & ~3);
  bytes.fill(0, options + 4 + comment.length, padded);
  view.setUint32(padded, 0, true); // opt_endofopt
  view.setUint32(at + length - 4, length, true);
  return at + length;
}

export function writeInterface(view: DataView, at: number, linkType: number): number {
  view.setUint32(at, IDB, true);
  view.setUint32(at + 4, IDB_BYTES, true);
  view.setUint16(at + 8, dltToLinktype(linkType), true);
  view.setUint16(at + 10, 0, true);
  view.setUint32(at + 12, SNAPLEN, true);
  view.setUint16(at + 16, IF_TSRESOL, true);
  view.setUint16(at + 18, 1, true);
  view.setUint32(at + 20, 0, true);
  view.setUint8(at + 20, NANOSECONDS);
  view.setUint32(at + 24, 0, true); // opt_endofopt
  view.setUint32(at + 28, IDB_BYTES, true);
  return at + IDB_BYTES;
}

export function epbBytes(caplen: number): number {
  return EPB_OVERHEAD + ((caplen + 3) & ~3);
}

export function writeEnhancedPacket(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  interfaceId: number,
  packet: { tsSec: number; tsNsec: number; caplen: number; wireLen: number; frame: Uint8Array },
): number {
  const length = epbBytes(packet.caplen);
  // Nanoseconds since the epoch in two 32-bit halves, exactly and without a BigInt: 1e9 is
  // 2^9 * 1953125, and seconds * 1953125 stays below 2^53.
  const scaled = packet.tsSec * 1_953_125;
  let high = Math.floor(scaled / 2 ** 23);
  let low = (scaled - high * 2 ** 23) * 2 ** 9 + packet.tsNsec;
  if (low >= 2 ** 32) {
    high += 1;
    low -= 2 ** 32;
  }
  view.setUint32(at, EPB, true);
  view.setUint32(at + 4, length, true);
  view.setUint32(at + 8, interfaceId, true);
  view.setUint32(at + 12, high, true);
  view.setUint32(at + 16, low, true);
  view.setUint32(at + 20, packet.caplen, true);
  view.setUint32(at + 24, packet.wireLen, true);
  bytes.set(packet.frame.subarray(0, packet.caplen), at + 28);
  bytes.fill(0, at + 28 + packet.caplen, at + length - 4);
  view.setUint32(at + length - 4, length, true);
  return at + length;
}
