/**
 * The decoder's entry point: one captured frame in, one overwritten `DecodedPacket` out.
 *
 * Dispatch is by link type, then by EtherType (`ether_types.ts`), then by IP protocol
 * (`transport.ts`); each protocol file checks its length before every read. Nothing here
 * allocates, throws, builds strings or uses closures: it runs once per packet.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { Dlt } from "./link_types.ts";
import { decodeEthernet } from "./ethernet.ts";
import { decodeLinuxSll } from "./linux_sll.ts";
import { decodeLinuxSll2 } from "./linux_sll2.ts";
import { decodeLoop, decodeNull } from "./null_loopback.ts";
import { decodeRawIp } from "./raw_ip.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";

/**
 * Decode one frame whose bytes are data[offset, offset+caplen). Never throws, never reads past
 * offset+caplen, allocates nothing. Calls out.reset(), then sets caplen, wireLen, linkType,
 * truncated (caplen < wireLen) and everything it can decode. Timestamps are set by the caller.
 *
 * `linkType` is a DLT value as `pcap_datalink()` returns it; raw IP is accepted as 12, 14 and
 * 101, plus 228 (IPv4) and 229 (IPv6). Tunnels are not followed: the outer headers decide.
 */
export function decodeFrame(
  linkType: number,
  data: DataView,
  offset: number,
  caplen: number,
  wireLen: number,
  out: DecodedPacket,
): void {
  out.reset();
  out.caplen = caplen;
  out.wireLen = wireLen;
  out.linkType = linkType;
  out.truncated = caplen < wireLen;
  // A frame that claims more bytes than the buffer holds is read only as far as the buffer
  // goes, so that no DataView read can throw.
  let end = offset + caplen;
  if (end > data.byteLength) end = data.byteLength;
  if (!(offset >= 0 && offset <= end)) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  switch (linkType) {
    case Dlt.en10mb:
      decodeEthernet(data, offset, end, out);
      return;
    case Dlt.linuxSll:
      decodeLinuxSll(data, offset, end, out);
      return;
    case Dlt.linuxSll2:
      decodeLinuxSll2(data, offset, end, out);
      return;
    case Dlt.raw:
    case Dlt.rawOpenBsd:
    case Dlt.linktypeRaw:
      decodeRawIp(data, offset, end, out);
      return;
    case Dlt.null:
      decodeNull(data, offset, end, out);
      return;
    case Dlt.loop:
      decodeLoop(data, offset, end, out);
      return;
    case Dlt.ipv4:
      decodeIPv4(data, offset, end, out);
      return;
    case Dlt.ipv6:
      decodeIPv6(data, offset, end, out);
      return;
    default:
      out.l3 = L3.other;
      out.error = DecodeError.unsupportedLinkType;
  }
}
