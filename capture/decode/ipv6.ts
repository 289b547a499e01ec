/**
 * IPv6 header (RFC 8200 section 3) and the extension headers that stand between it and the
 * transport: Hop-by-Hop, Routing, Fragment, Destination Options and Shim6.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3, L4 } from "./packet.ts";
import { IpProto, l4For } from "./ip_protocols.ts";
import { decodeTransport, setOpaquePayload } from "./transport.ts";
import { jumboPayloadLength } from "./ipv6_jumbo.ts";

/** The fixed header (RFC 8200 section 3). */
export const IPV6_HEADER_LEN = 40;
/**
 * Most extension headers skipped before giving up. RFC 8200 section 4.1 allows each kind once
 * (Destination Options twice), so a legitimate chain of the kinds skipped here has at most 6;
 * anything longer is an attempt to make middleboxes walk far (RFC 9098), and costs us 8 steps.
 */
export const MAX_IPV6_EXT_HEADERS = 8;
/** The Fragment header has a fixed size and no length field (RFC 8200 section 4.5). */
const FRAGMENT_HEADER_LEN = 8;
/** Fragment offset in 8-byte units, already shifted left by 3 in its 16-bit word. */
const FRAGMENT_OFFSET_MASK = 0xfff8;
/** Hdr Ext Len counts 8-octet units beyond the first 8 octets (RFC 8200 section 4.3). */
const EXT_LEN_UNIT = 8;

/**
 * Whether `next` is an extension header that is skipped to find the transport. AH (51) and ESP
 * (50) are not: they are what the packet carries, and make `l4` "other".
 */
function isSkippedExtHeader(next: number): boolean {
  return next === IpProto.hopByHop || next === IpProto.routing || next === IpProto.fragment ||
    next === IpProto.destinationOptions || next === IpProto.shim6;
}

/**
 * Decode the IPv6 header at `off`, its extension headers and the transport, up to `end` (the end
 * of the captured frame). `ipProto` is the Next Header after the skipped extension headers; for
 * a fragment, the one the Fragment header names.
 */
export function decodeIPv6(data: DataView, off: number, end: number, out: DecodedPacket): void {
  out.l3 = L3.ipv6;
  out.l3Offset = off;
  out.l4 = L4.other;
  if (end - off < IPV6_HEADER_LEN) {
    out.error = DecodeError.truncatedIPv6;
    return;
  }
  if (data.getUint8(off) >> 4 !== 6) {
    out.error = DecodeError.badIpVersion;
    return;
  }
  // A payload length of 0 is not read as "to the end of the frame": tshark too dissects such a
  // packet as having no payload, unless a Hop-by-Hop Jumbo Payload option gives the length
  // (RFC 2675 jumbograms, as Linux BIG TCP sends them).
  let next = data.getUint8(off + 6);
  const payloadLen = data.getUint16(off + 4);
  const claimedEnd = off + IPV6_HEADER_LEN +
    (payloadLen === 0 && next === IpProto.hopByHop
      ? jumboPayloadLength(data, off + IPV6_HEADER_LEN, end)
      : payloadLen);
  out.ttl = data.getUint8(off + 7);
  const src = out.src;
  const dst = out.dst;
  for (let i = 0; i < 16; i++) {
    src[i] = data.getUint8(off + 8 + i);
    dst[i] = data.getUint8(off + 24 + i);
  }
  out.addrLen = 16;
  out.ipTotalLen = claimedEnd - off;

  // An extension header must lie inside both the captured bytes and the claimed payload.
  const limit = end < claimedEnd ? end : claimedEnd;
  let p = off + IPV6_HEADER_LEN;
  for (let count = 0; isSkippedExtHeader(next); count++) {
    if (count === MAX_IPV6_EXT_HEADERS) {
      out.error = DecodeError.badIPv6ExtHeader;
      return;
    }
    let len: number;
    if (next === IpProto.fragment) {
      if (limit - p < FRAGMENT_HEADER_LEN) {
        out.error = DecodeError.badIPv6ExtHeader;
        return;
      }
      out.isFragment = true;
      out.fragOffset = data.getUint16(p + 2) & FRAGMENT_OFFSET_MASK;
      len = FRAGMENT_HEADER_LEN;
    } else {
      if (limit - p < 2) {
        out.error = DecodeError.badIPv6ExtHeader;
        return;
      }
      len = (data.getUint8(p + 1) + 1) * EXT_LEN_UNIT;
      if (limit - p < len) {
        out.error = DecodeError.badIPv6ExtHeader;
        return;
      }
    }
    next = data.getUint8(p);
    p += len;
  }
  out.ipProto = next;
  out.l4 = l4For(next);
  out.ipHeaderLen = p - off;
  if (out.fragOffset !== 0) {
    // Only the first fragment carries the transport header (RFC 8200 section 4.5).
    setOpaquePayload(p, end, claimedEnd, out);
    return;
  }
  decodeTransport(next, data, p, end, claimedEnd, out);
}
