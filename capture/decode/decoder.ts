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
import { decodeFddi } from "./fddi.ts";
import { decodeTokenRing } from "./token_ring.ts";
import { decodeIpOverIeee1394 } from "./ip_over_ieee1394.ts";
import { decodeIpOverFc } from "./ip_over_fc.ts";
import { decodeAx25Kiss } from "./ax25_kiss.ts";
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

/** A decoder of one link type: the frame at `off`, bounded by `end`, into `out`. */
type LinkDecoder = (data: DataView, off: number, end: number, out: DecodedPacket) => void;

function unsupportedLink(_data: DataView, _off: number, _end: number, out: DecodedPacket): void {
  out.l3 = L3.other;
  out.error = DecodeError.unsupportedLinkType;
}

/** Link types this decoder reads, by DLT (libpcap's numbers). PPI and PKTAP are apart. */
const LINK_DECODERS: readonly [number, LinkDecoder][] = [
  [Dlt.en10mb, decodeEthernet],
  [Dlt.linuxSll, decodeLinuxSll],
  [Dlt.linuxSll2, decodeLinuxSll2],
  [Dlt.raw, decodeRawIp],
  [Dlt.rawOpenBsd, decodeRawIp],
  [Dlt.linktypeRaw, decodeRawIp],
  [Dlt.null, decodeNull],
  [Dlt.loop, decodeLoop],
  [Dlt.ipv4, decodeIPv4],
  [Dlt.ipv6, decodeIPv6],
  [Dlt.ieee802_11, decodeIeee802_11],
  [Dlt.ieee802_11Radiotap, decodeRadiotap],
  [Dlt.prism, decodePrism],
  [Dlt.ieee802_11Avs, decodeAvs],
  [Dlt.ppp, decodePpp],
  [Dlt.pppSerial, decodePpp],
  [Dlt.pppEther, decodePppEther],
  [Dlt.pflog, decodePflog],
  [Dlt.enc, decodeEnc],
  [Dlt.nflog, decodeNflog],
  [Dlt.ipnet, decodeIpnet],
  [Dlt.ipoib, decodeIpoib],
  [Dlt.cHdlc, decodeCiscoHdlc],
  [Dlt.frameRelay, decodeFrameRelay],
  [Dlt.atmRfc1483, decodeAtmRfc1483],
  [Dlt.atmClip, decodeAtmClip],
  [Dlt.sunAtm, decodeSunAtm],
  [Dlt.arcnet, decodeArcnetBsd],
  [Dlt.arcnetLinux, decodeArcnetLinux],
  [Dlt.ieee802, decodeTokenRing],
  [Dlt.fddi, decodeFddi],
  [Dlt.appleIpOverIeee1394, decodeIpOverIeee1394],
  [Dlt.ipOverFc, decodeIpOverFc],
  [Dlt.ax25Kiss, decodeAx25Kiss],
];

/**
 * The decoders as an array indexed by DLT, every other slot `unsupportedLink`: dispatch is one
 * bounds check and one load, and the array stays packed (no holes) for V8.
 */
const DECODER_BY_DLT: readonly LinkDecoder[] = (() => {
  const size = Math.max(...LINK_DECODERS.map(([dlt]) => dlt)) + 1;
  const table: LinkDecoder[] = new Array<LinkDecoder>(size).fill(unsupportedLink);
  for (const [dlt, decode] of LINK_DECODERS) table[dlt] = decode;
  return table;
})();

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
  if (linkType === Dlt.ppi || linkType === Dlt.pktap) {
    decodeNamedLink(linkType, data, off, end, out, outermost);
    return;
  }
  const decode = linkType >= 0 && linkType < DECODER_BY_DLT.length
    ? DECODER_BY_DLT[linkType]!
    : unsupportedLink;
  decode(data, off, end, out);
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
