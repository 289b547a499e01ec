/**
 * A recent packet (`/api/packets` record) as the layers the detail panel lists. Only what the
 * engine keeps per packet is shown: headers it decoded, never payload bytes.
 */

import type { PacketRecord } from "../../stats/recent_packets.ts";
import { formatClockMs, formatDate } from "./time_format.ts";

export interface Layer {
  name: string;
  fields: [string, string][];
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
/** Transport protocols whose ports, flags and summary form the transport layer. */
const TRANSPORTS = new Set(["TCP", "UDP", "ICMP", "ICMPv6", "SCTP"]);

export function packetLayers(p: PacketRecord): Layer[] {
  const layers: Layer[] = [];
  const frame: [string, string][] = [
    ["Number", String(p.seq)],
    ["Arrival", `${formatDate(p.timeMs)} ${formatClockMs(p.timeMs)}`],
    ["Epoch time", p.ts],
    ["Length on the wire", `${p.length} bytes`],
    ["Captured", `${p.captured} bytes${p.captured < p.length ? " (cut by the snaplen)" : ""}`],
  ];
  layers.push({ name: "Frame", fields: frame });

  const isMac = MAC.test(p.src);
  const link: [string, string][] = [];
  if (p.vlan !== null) link.push(["VLAN", String(p.vlan)]);
  if (isMac) link.push(["Source", p.src], ["Destination", p.dst]);
  if (link.length > 0) layers.push({ name: "Link", fields: link });

  if (!isMac && p.src !== "") {
    const version = p.src.includes(":") ? "IPv6" : "IPv4";
    layers.push({
      name: p.protocol === "ARP" ? "ARP" : version,
      fields: [["Source", p.src], ["Destination", p.dst]],
    });
  }

  const transport: [string, string][] = [];
  if (p.srcPort !== null) transport.push(["Source port", String(p.srcPort)]);
  if (p.dstPort !== null) transport.push(["Destination port", String(p.dstPort)]);
  if (p.tcpFlags !== null) transport.push(["Flags", p.tcpFlags || "none"]);
  if (p.info !== "") transport.push(["Summary", p.info]);
  if (transport.length > 0) {
    const name = TRANSPORTS.has(p.protocol) ? p.protocol : `${p.protocol} (as decoded)`;
    layers.push({ name, fields: transport });
  }
  return layers;
}
