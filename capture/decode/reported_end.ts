/**
 * Where a frame ends on the wire, for a length field that defers to the frame: an IPv4 total
 * length of 0, which captures taken on a host with TCP segmentation offload (TSO) carry because
 * the NIC fills it in later. Wireshark reads such a datagram up to the frame's end (its
 * `ip.tso_support` preference, on by default), and so do we.
 */
import type { DecodedPacket } from "./packet.ts";

/**
 * The buffer offset where the frame would end had it been captured whole: `end` (the captured
 * end) plus the bytes the snaplen cut (`wireLen - caplen`, when positive).
 */
export function reportedEnd(end: number, out: DecodedPacket): number {
  const cut = out.wireLen - out.caplen;
  return cut > 0 ? end + cut : end;
}
