/**
 * The protocol name and one-line summary of a recent packet, like a capture tool's packet list
 * ("SYN seq=0 win=1024", "ARP who-has 10.0.0.1 tell 10.0.0.2"). Built only when the packet
 * list is read; the decoder gives no payload, so the summary stops at the headers.
 */

import { DECODE_ERROR_NAMES, L3, L4, TcpFlag } from "../capture/decode/packet.ts";
import { etherTypeName, icmpTypeName, ipProtocolName } from "./protocol_names.ts";
import { portServiceName, servicePort } from "./services.ts";
import { tcpFlagNames } from "./tcp_state.ts";

/** The header fields a summary needs, already turned into text where they are addresses. */
export interface PacketFields {
  l3: number;
  l4: number;
  ipProto: number;
  etherType: number;
  src: string;
  dst: string;
  srcMac: string | null;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  tcpSeq: number;
  tcpAck: number;
  tcpWindow: number;
  payloadLength: number;
  icmpType: number;
  icmpCode: number;
  isFragment: boolean;
  fragOffset: number;
  arpOp: number;
  error: number;
}

const RARP = 0x8035;

/** Short protocol name: "TCP", "UDP", "ICMPv6", "ARP", "GRE", "LLDP"... */
export function packetProtocol(f: PacketFields): string {
  if (f.l3 === L3.arp) return f.etherType === RARP ? "RARP" : "ARP";
  if (f.l3 === L3.ipv4 || f.l3 === L3.ipv6) {
    if (f.ipProto < 0) return f.l3 === L3.ipv4 ? "IPv4" : "IPv6";
    return ipProtocolName(f.ipProto);
  }
  if (f.l3 === L3.other) return f.etherType >= 0 ? etherTypeName(f.etherType) : "LLC";
  return "unknown";
}

/** One-line summary of the packet's headers; a decode error is appended in brackets. */
export function packetInfo(f: PacketFields): string {
  const body = summary(f);
  if (f.error === 0) return body;
  const why = `[${DECODE_ERROR_NAMES[f.error] ?? `decode error ${f.error}`}]`;
  return body === "" ? why : `${body} ${why}`;
}

function summary(f: PacketFields): string {
  if (f.l3 === L3.arp) return arpInfo(f);
  if (f.l3 !== L3.ipv4 && f.l3 !== L3.ipv6) {
    return f.etherType >= 0 ? `ethertype 0x${f.etherType.toString(16).padStart(4, "0")}` : "";
  }
  // A non-first fragment carries no transport header (RFC 791 section 2.3, RFC 8200 4.5).
  if (f.isFragment && f.fragOffset > 0) return `fragment offset=${f.fragOffset}`;
  const frag = f.isFragment ? " (first fragment)" : "";
  switch (f.l4) {
    case L4.tcp:
      return tcpInfo(f) + frag;
    case L4.udp:
      return udpInfo(f) + frag;
    case L4.icmp:
    case L4.icmpv6: {
      if (f.icmpType < 0) return frag.trim();
      const code = f.icmpCode > 0 ? ` code=${f.icmpCode}` : "";
      return icmpTypeName(f.icmpType, f.l4 === L4.icmpv6) + code + frag;
    }
    default:
      return f.ipProto >= 0 ? `IP protocol ${f.ipProto}${frag}` : "";
  }
}

function tcpInfo(f: PacketFields): string {
  if (f.tcpFlags < 0) return ports(f);
  let out = tcpFlagNames(f.tcpFlags) || "none";
  if (f.tcpSeq >= 0) out += ` seq=${f.tcpSeq}`;
  if ((f.tcpFlags & TcpFlag.ack) !== 0 && f.tcpAck >= 0) out += ` ack=${f.tcpAck}`;
  if (f.tcpWindow >= 0) out += ` win=${f.tcpWindow}`;
  if (f.payloadLength > 0) out += ` len=${f.payloadLength}`;
  return out;
}

function udpInfo(f: PacketFields): string {
  if (f.srcPort < 0) return "";
  const service = portServiceName(17, servicePort(17, f.srcPort, f.dstPort));
  return `${service === null ? "" : service + " "}len=${f.payloadLength}`;
}

function ports(f: PacketFields): string {
  return f.srcPort >= 0 ? `${f.srcPort} → ${f.dstPort}` : "";
}

function arpInfo(f: PacketFields): string {
  const name = f.etherType === RARP ? "RARP" : "ARP";
  // Operation codes from RFC 826 (1, 2) and RFC 903 (3, 4).
  switch (f.arpOp) {
    case 1:
      return f.dst === "" ? `${name} request` : `${name} who-has ${f.dst} tell ${f.src}`;
    case 2:
      return f.src === "" ? `${name} reply` : `${name} reply ${f.src} is-at ${f.srcMac ?? "?"}`;
    case 3:
      return `${name} request`;
    case 4:
      // The reply's target protocol address is the address being handed out.
      return f.dst === "" ? `${name} reply` : `${name} reply ${f.dst}`;
    default:
      return f.arpOp >= 0 ? `${name} op=${f.arpOp}` : name;
  }
}
