/**
 * The conversations table (`/api/flows`, `--report csv`) as CSV columns: every `FlowRecord`
 * field, rates flattened, and each end's name and country as the dashboard shows them.
 */
import type { FlowRecord } from "../stats/flow_query.ts";
import type { AddressInfo } from "../stats/enriched_stats.ts";
import { type Column, rateColumns } from "./table_columns.ts";

/** Flow columns; `addresses` describes the ends (absent ends get empty name and country). */
export function flowColumns(
  addresses: Readonly<Record<string, AddressInfo>> = {},
): Column<FlowRecord>[] {
  return [
    { name: "protocol", value: (f) => f.protocol },
    { name: "ipProto", value: (f) => f.ipProto },
    { name: "family", value: (f) => f.family },
    { name: "aIp", value: (f) => f.aIp },
    { name: "aPort", value: (f) => f.aPort },
    { name: "aName", value: (f) => addresses[f.aIp]?.name },
    { name: "aCountry", value: (f) => addresses[f.aIp]?.country },
    { name: "bIp", value: (f) => f.bIp },
    { name: "bPort", value: (f) => f.bPort },
    { name: "bName", value: (f) => addresses[f.bIp]?.name },
    { name: "bCountry", value: (f) => addresses[f.bIp]?.country },
    { name: "service", value: (f) => f.service },
    { name: "packets", value: (f) => f.packets },
    { name: "bytes", value: (f) => f.bytes },
    { name: "aToBPackets", value: (f) => f.aToBPackets },
    { name: "aToBBytes", value: (f) => f.aToBBytes },
    { name: "bToAPackets", value: (f) => f.bToAPackets },
    { name: "bToABytes", value: (f) => f.bToABytes },
    { name: "firstSeenMs", value: (f) => f.firstSeenMs },
    { name: "lastSeenMs", value: (f) => f.lastSeenMs },
    { name: "durationMs", value: (f) => f.durationMs },
    { name: "tcpFlags", value: (f) => f.tcpFlags },
    { name: "state", value: (f) => f.state },
    ...rateColumns<FlowRecord>("bps", (f) => f.bps),
    ...rateColumns<FlowRecord>("aToBBps", (f) => f.aToBBps),
    ...rateColumns<FlowRecord>("bToABps", (f) => f.bToABps),
  ];
}
