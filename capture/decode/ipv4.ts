/** IPv4 header (RFC 791 section 3.1): addresses, protocol, TTL, lengths and fragmentation. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3, L4 } from "./packet.ts";
import { l4For } from "./ip_protocols.ts";
import { reportedEnd } from "./reported_end.ts";
import { decodeTransport, setOpaquePayload } from "./transport.ts";

/** A header without options: IHL 5 (RFC 791 section 3.1). */
export const IPV4_MIN_HEADER_LEN = 20;
/** "More Fragments" flag in the flags/offset word. */
const MORE_FRAGMENTS = 0x2000;
/** Fragment offset, in 8-byte units, in the flags/offset word. */
const FRAGMENT_OFFSET_MASK = 0x1fff;
const FRAGMENT_UNIT = 8;

/**
 * Decode the IPv4 header at `off` and what follows it, up to `end` (the end of the captured
 * frame). Whatever the link layer announced as IPv4 is counted as IPv4, even when the header is
 * bad, as Wireshark does; `l4` comes from the protocol field alone (and is `other` when that
 * field could not be read), whether or not the transport header was captured.
 */
export function decodeIPv4(data: DataView, off: number, end: number, out: DecodedPacket): void {
  out.l3 = L3.ipv4;
  out.l3Offset = off;
  out.l4 = L4.other;
  if (end - off < IPV4_MIN_HEADER_LEN) {
    out.error = DecodeError.truncatedIPv4;
    return;
  }
  const versionIhl = data.getUint8(off);
  const headerLen = (versionIhl & 0x0f) * 4;
  if (versionIhl >> 4 !== 4 || headerLen < IPV4_MIN_HEADER_LEN) {
    out.error = DecodeError.badIPv4Header;
    return;
  }
  const totalLen = data.getUint16(off + 2);
  if (totalLen !== 0 && totalLen < headerLen) {
    // tshark stops at such a header before its protocol and addresses: no transport class,
    // no talker.
    out.ipTotalLen = totalLen;
    out.error = DecodeError.badIPv4Length;
    return;
  }
  const flagsOffset = data.getUint16(off + 6);
  const proto = data.getUint8(off + 9);
  out.ttl = data.getUint8(off + 8);
  out.ipProto = proto;
  out.l4 = l4For(proto);
  out.ipHeaderLen = headerLen;
  const src = out.src;
  const dst = out.dst;
  for (let i = 0; i < 4; i++) {
    src[i] = data.getUint8(off + 12 + i);
    dst[i] = data.getUint8(off + 16 + i);
  }
  out.addrLen = 4;
  const fragOffset = (flagsOffset & FRAGMENT_OFFSET_MASK) * FRAGMENT_UNIT;
  out.fragOffset = fragOffset;
  out.isFragment = fragOffset !== 0 || (flagsOffset & MORE_FRAGMENTS) !== 0;

  // The total length, not the frame, says where the datagram ends: Ethernet pads short frames
  // and some probes append a trailer and FCS, none of which is IP payload.
  const claimedEnd = totalLen === 0 ? reportedEnd(end, out) : off + totalLen;
  out.ipTotalLen = claimedEnd - off;
  if (headerLen > end - off) {
    // The options run past the captured bytes: the transport header's start is not captured.
    out.error = DecodeError.truncatedIPv4;
    return;
  }
  const start = off + headerLen;
  if (fragOffset !== 0) {
    // Only the first fragment carries the transport header (RFC 791 section 2.3).
    setOpaquePayload(start, end, claimedEnd, out);
    return;
  }
  decodeTransport(proto, data, start, end, claimedEnd, out);
}
