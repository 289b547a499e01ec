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
import { decodePpp, decodePppEther } from "./ppp.ts";
import { decodeCiscoHdlc } from "./cisco_hdlc.ts";
import { decodeFrameRelay } from "./frame_relay.ts";
import { decodeAtmClip, decodeAtmRfc1483, decodeSunAtm } from "./atm.ts";
import { decodeArcnetBsd, decodeArcnetLinux } from "./arcnet.ts";
import { decodeIeee802_11 } from "./ieee802_11.ts";
import { decodeRadiotap } from "./radiotap.ts";
import { decodeAvs, decodePrism } from "./wlan_capture_headers.ts";
import { decodePflog } from "./pflog.ts";
import { decodeEnc } from "./enc.ts";
import { decodeNflog } from "./nflog.ts";
import { decodeIpnet } from "./ipnet.ts";
import { decodeIpoib } from "./ipoib.ts";
import {
  pktapHeaderLength,
  pktapLinkType,
  ppiHeaderLength,
  ppiLinkType,
} from "./capture_pseudo_headers.ts";

/**
 * Decode one frame whose bytes are data[offset, offset+caplen). Never throws, never reads past
 * offset+caplen, allocates nothing. Calls out.reset(), then sets caplen, wireLen, linkType,
 * truncated (caplen < wireLen) and everything it can decode. Timestamps are set by the caller.
 *
 * `linkType` is a DLT value as `pcap_datalink()` returns it; raw IP is accepted as 12, 14 and
 * 101, plus 228 (IPv4) and 229 (IPv6). Tunnels are not followed: the outer headers decide.
 * Where tshark's reader strips a pseudo-header that never crossed the wire (SunATM), `caplen`
 * and `wireLen` are shortened by it, so that bytes are counted as tshark counts them.
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
  // Ethernet first, outside the switch: it is nearly every frame of nearly every capture.
  if (linkType === Dlt.en10mb) decodeEthernet(data, offset, end, out);
  else decodeLink(linkType, data, offset, end, out, true);
}

/**
 * Decode a frame of link type `linkType` at `off`. `outermost` is false inside a PPI or PKTAP
 * header, which may not hold another.
 */
function decodeLink(
  linkType: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
  outermost: boolean,
): void {
  switch (linkType) {
    case Dlt.en10mb:
      decodeEthernet(data, off, end, out);
      return;
    case Dlt.linuxSll:
      decodeLinuxSll(data, off, end, out);
      return;
    case Dlt.linuxSll2:
      decodeLinuxSll2(data, off, end, out);
      return;
    case Dlt.raw:
    case Dlt.rawOpenBsd:
    case Dlt.linktypeRaw:
      decodeRawIp(data, off, end, out);
      return;
    case Dlt.null:
      decodeNull(data, off, end, out);
      return;
    case Dlt.loop:
      decodeLoop(data, off, end, out);
      return;
    case Dlt.ipv4:
      decodeIPv4(data, off, end, out);
      return;
    case Dlt.ipv6:
      decodeIPv6(data, off, end, out);
      return;
    case Dlt.ieee802_11:
      decodeIeee802_11(data, off, end, out);
      return;
    case Dlt.ieee802_11Radiotap:
      decodeRadiotap(data, off, end, out);
      return;
    case Dlt.prism:
      decodePrism(data, off, end, out);
      return;
    case Dlt.ieee802_11Avs:
      decodeAvs(data, off, end, out);
      return;
    case Dlt.ppp:
    case Dlt.pppSerial:
      decodePpp(data, off, end, out);
      return;
    case Dlt.pppEther:
      decodePppEther(data, off, end, out);
      return;
    case Dlt.pflog:
      decodePflog(data, off, end, out);
      return;
    case Dlt.enc:
      decodeEnc(data, off, end, out);
      return;
    case Dlt.nflog:
      decodeNflog(data, off, end, out);
      return;
    case Dlt.ipnet:
      decodeIpnet(data, off, end, out);
      return;
    case Dlt.ipoib:
      decodeIpoib(data, off, end, out);
      return;
    case Dlt.cHdlc:
      decodeCiscoHdlc(data, off, end, out);
      return;
    case Dlt.frameRelay:
      decodeFrameRelay(data, off, end, out);
      return;
    case Dlt.atmRfc1483:
      decodeAtmRfc1483(data, off, end, out);
      return;
    case Dlt.atmClip:
      decodeAtmClip(data, off, end, out);
      return;
    case Dlt.sunAtm:
      decodeSunAtm(data, off, end, out);
      return;
    case Dlt.arcnet:
      decodeArcnetBsd(data, off, end, out);
      return;
    case Dlt.arcnetLinux:
      decodeArcnetLinux(data, off, end, out);
      return;
    case Dlt.ppi:
    case Dlt.pktap:
      decodeNamedLink(linkType, data, off, end, out, outermost);
      return;
    default:
      out.l3 = L3.other;
      out.error = DecodeError.unsupportedLinkType;
  }
}

/** A PPI or PKTAP header at `off`, then the frame of the link type it names. */
function decodeNamedLink(
  linkType: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
  outermost: boolean,
): void {
  const ppi = linkType === Dlt.ppi;
  const len = ppi ? ppiHeaderLength(data, off, end) : pktapHeaderLength(data, off, end);
  if (len < 0) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  if (!outermost) {
    out.l3 = L3.other;
    out.error = DecodeError.tooManyEncapsulations;
    return;
  }
  const inner = ppi ? ppiLinkType(data, off) : pktapLinkType(data, off);
  decodeLink(inner, data, off + len, end, out, false);
}
