/**
 * The hosts table (`/api/hosts`) as CSV columns: every `HostRow` field, rates flattened, and
 * what the address is (name, country, network, class) as the dashboard shows it.
 */
import type { HostRow } from "../stats/host_table.ts";
import type { AddressInfo } from "../stats/enriched_stats.ts";
import { type Column, rateColumns } from "./table_columns.ts";

export function hostColumns(
  addresses: Readonly<Record<string, AddressInfo>> = {},
): Column<HostRow>[] {
  return [
    { name: "ip", value: (h) => h.ip },
    { name: "name", value: (h) => addresses[h.ip]?.name },
    { name: "country", value: (h) => addresses[h.ip]?.country },
    { name: "asn", value: (h) => addresses[h.ip]?.asn },
    { name: "asOrganization", value: (h) => addresses[h.ip]?.asOrganization },
    { name: "class", value: (h) => addresses[h.ip]?.class },
    { name: "local", value: (h) => addresses[h.ip]?.local },
    { name: "packets", value: (h) => h.packets },
    { name: "bytes", value: (h) => h.bytes },
    { name: "txPackets", value: (h) => h.txPackets },
    { name: "txBytes", value: (h) => h.txBytes },
    { name: "rxPackets", value: (h) => h.rxPackets },
    { name: "rxBytes", value: (h) => h.rxBytes },
    ...rateColumns<HostRow>("txBps", (h) => h.txBps),
    ...rateColumns<HostRow>("rxBps", (h) => h.rxBps),
  ];
}
