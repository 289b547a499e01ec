/** The recent packets table (`/api/packets`) as CSV columns: every `PacketRecord` field. */
import type { PacketRecord } from "../stats/recent_packets.ts";
import type { Column } from "./table_columns.ts";

export const PACKET_COLUMNS: readonly Column<PacketRecord>[] = [
  { name: "seq", value: (p) => p.seq },
  { name: "ts", value: (p) => p.ts },
  { name: "timeMs", value: (p) => p.timeMs },
  { name: "src", value: (p) => p.src },
  { name: "srcPort", value: (p) => p.srcPort },
  { name: "dst", value: (p) => p.dst },
  { name: "dstPort", value: (p) => p.dstPort },
  { name: "protocol", value: (p) => p.protocol },
  { name: "length", value: (p) => p.length },
  { name: "captured", value: (p) => p.captured },
  { name: "tcpFlags", value: (p) => p.tcpFlags },
  { name: "vlan", value: (p) => p.vlan },
  { name: "info", value: (p) => p.info },
];
