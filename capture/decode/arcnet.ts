/**
 * ARCNET (DLT_ARCNET 7 as the BSDs write it, DLT_ARCNET_LINUX 129 with a 2-byte offset field
 * more): source and destination station IDs, then a protocol ID. RFC 1201 protocols add a
 * split flag and sequence number (and, in an exception packet, a second copy of the header);
 * the older RFC 1051 ones do not.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";
import { decodeArp } from "./arp.ts";

/** Source and destination station IDs. */
const BSD_PROTOCOL_AT = 2;
/** Linux adds a 2-byte offset field before the protocol ID. */
const LINUX_PROTOCOL_AT = 4;
/** RFC 1201 protocol IDs (IP, ARP, RARP), IPv6 (RFC 2497), and RFC 1051's IP and ARP. */
const RFC1201_IP = 0xd4;
const RFC1201_ARP = 0xd5;
const RFC1201_RARP = 0xd6;
const RFC2497_IPV6 = 0xc4;
const RFC1051_IP = 0xf0;
const RFC1051_ARP = 0xf1;
/** Split flag and sequence number after an RFC 1201 protocol ID. */
const SPLIT_HEADER_LEN = 3;
/** A split flag of 0xff marks an exception packet: 2 pad bytes, then the header again. */
const EXCEPTION_FLAG = 0xff;
const EXCEPTION_EXTRA_LEN = 4;

/** Decode a DLT_ARCNET frame at `off`. */
export function decodeArcnetBsd(data: DataView, off: number, end: number, out: DecodedPacket) {
  decodeArcnet(data, off + BSD_PROTOCOL_AT, end, out);
}

/** Decode a DLT_ARCNET_LINUX frame at `off`. */
export function decodeArcnetLinux(data: DataView, off: number, end: number, out: DecodedPacket) {
  decodeArcnet(data, off + LINUX_PROTOCOL_AT, end, out);
}

/** The protocol ID at `at` and what follows it. */
function decodeArcnet(data: DataView, at: number, end: number, out: DecodedPacket): void {
  if (end - at < 1) return truncated(out);
  const protocol = data.getUint8(at);
  let p = at + 1;
  if (protocol !== RFC1051_IP && protocol !== RFC1051_ARP) {
    if (end - p < 1) return truncated(out);
    if (data.getUint8(p) === EXCEPTION_FLAG) p += EXCEPTION_EXTRA_LEN;
    p += SPLIT_HEADER_LEN;
    if (p > end) return truncated(out);
  }
  switch (protocol) {
    case RFC1201_IP:
    case RFC1051_IP:
      decodeIPv4(data, p, end, out);
      return;
    case RFC2497_IPV6:
      decodeIPv6(data, p, end, out);
      return;
    case RFC1201_ARP:
    case RFC1051_ARP:
    case RFC1201_RARP:
      decodeArp(data, p, end, out);
      return;
  }
  out.l3 = L3.other;
}

function truncated(out: DecodedPacket): void {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
}
