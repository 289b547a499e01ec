/**
 * How a collector's flow record reaches the same tables as packets: totals, protocol mix, rate
 * series, hosts, flows, conversations and ports, each counting the record's packets and bytes
 * at once. Kept apart from `StatsEngine.ingest()` so the packet path stays as it is; the engine
 * hands over its tables and the clock's buckets (`StatsEngine.ingestRecord`).
 *
 * A record is one direction of a flow; its reverse (NetFlow v5/v9 exporters send both) lands
 * on the same conversation, as a packet's answer does. Records have no captured bytes, link
 * header or payload: `bytesCaptured` and the recent-packet list leave them out, and the
 * protocol hierarchy files them under the raw-IP link type.
 */

import { DecodedPacket, L3, L4 } from "../capture/decode/packet.ts";
import { hashWords } from "../capture/key_hash.ts";
import { FLOW_KEY_WORDS, HOST_KEY_WORDS, PacketKeys } from "../capture/packet_keys.ts";
import type { ConversationCounter } from "./conversation_counter.ts";
import type { FlowRecordInput } from "./flow_record_input.ts";
import type { FlowTable } from "./flow_table.ts";
import type { HostTable } from "./host_table.ts";
import type { PortTable } from "./port_table.ts";
import type { ProtocolMix } from "./protocol_mix.ts";
import { familyOf, type RateSeries } from "./rate_series.ts";
import type { Totals } from "./totals.ts";

/** LINKTYPE_RAW: a flow record describes IP packets, whatever link carried them. */
const LINKTYPE_RAW = 101;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;

/** The engine's tables a record is counted in. */
export interface RecordTables {
  totals: Totals;
  mix: ProtocolMix;
  seconds: RateSeries;
  minutes: RateSeries;
  hosts: HostTable;
  flows: FlowTable;
  conversations: ConversationCounter;
  ports: PortTable;
  seed: number;
}

export class RecordIngest {
  readonly #t: RecordTables;
  /** The record as a packet header, for the tables that read one (reused). */
  readonly #p = new DecodedPacket();
  readonly #keys = new PacketKeys();
  readonly #counts = { packets: 0, bytes: 0, firstMs: 0, lastMs: 0, tcpFlags: -1 };

  constructor(tables: RecordTables) {
    this.#t = tables;
  }

  /** Count `r` in the series buckets `secBucket` and `minBucket`. */
  ingest(r: FlowRecordInput, secBucket: number, minBucket: number): void {
    if ((r.addrLen !== 4 && r.addrLen !== 16) || !(r.packets > 0)) return;
    const t = this.#t;
    const p = recordHeader(r, this.#p);
    // `Totals.add` counts one frame with its timestamps; the rest of the record's packets
    // arrive with it.
    t.totals.add(p);
    t.totals.packets += r.packets - 1;
    t.mix.addRecord(p, r.packets);
    const family = familyOf(p);
    t.seconds.addMany(secBucket, family, r.packets, r.octets);
    t.minutes.addMany(minBucket, family, r.packets, r.octets);
    const keys = this.#keys;
    keys.load(p);
    const hasPorts = p.srcPort >= 0 && p.dstPort >= 0 && (p.l4 === L4.tcp || p.l4 === L4.udp);
    keys.buildFlow(p.ipProto, hasPorts, p.srcPort, p.dstPort);
    const hash = hashWords(keys.flow, FLOW_KEY_WORDS, t.seed);
    const c = this.#counts;
    c.packets = r.packets;
    c.bytes = r.octets;
    c.firstMs = Math.min(r.startMs, r.endMs);
    c.lastMs = r.endMs;
    c.tcpFlags = r.tcpFlags;
    const id = t.flows.updateRecord(keys.flow, hash, keys.srcIsLow, c);
    const srcSide = keys.srcIsLow ? 0 : 1;
    this.#host(id, srcSide, keys.srcHost, 0, r);
    this.#host(id, 1 - srcSide, keys.dstHost, 1, r);
    if (hasPorts) {
      if (t.flows.createdLast) t.conversations.add(keys.flow, hash);
      t.ports.addMany(p.ipProto, p.srcPort, p.dstPort, r.packets, r.octets);
    }
  }

  #host(flow: number, side: number, key: Uint32Array, dir: number, r: FlowRecordInput): void {
    const { hosts, flows, seed } = this.#t;
    const id = hosts.resolve(key, hashWords(key, HOST_KEY_WORDS, seed));
    hosts.add(id, dir, r.packets, r.octets);
    flows.setHost(flow, side, id, hosts.generation(id));
  }
}

/**
 * Write record `r` as a packet header into `p` (reused): its addresses, protocol, ports, ORed
 * TCP flags, its bytes as the wire length and its end as the timestamp. What the tables and
 * the detectors read of a packet; everything else keeps `p`'s absent values.
 */
export function recordHeader(r: FlowRecordInput, p: DecodedPacket): DecodedPacket {
  const v4 = r.addrLen === 4;
  p.linkType = LINKTYPE_RAW;
  p.l3 = v4 ? L3.ipv4 : L3.ipv6;
  p.etherType = v4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
  p.addrLen = r.addrLen;
  p.src.set(r.src.subarray(0, 16));
  p.dst.set(r.dst.subarray(0, 16));
  p.ipProto = r.protocol;
  p.l4 = l4Of(r.protocol, v4);
  p.srcPort = r.srcPort;
  p.dstPort = r.dstPort;
  p.tcpFlags = r.protocol === 6 ? r.tcpFlags : -1;
  p.wireLen = r.octets;
  p.caplen = 0;
  const endSec = Math.floor(r.endMs / 1000);
  p.tsSec = Number.isFinite(endSec) ? endSec : 0;
  p.tsNsec = Number.isFinite(endSec)
    ? Math.min(999_999_999, Math.round((r.endMs - endSec * 1000) * 1e6))
    : 0;
  return p;
}

function l4Of(protocol: number, v4: boolean): L4 {
  switch (protocol) {
    case 6:
      return L4.tcp;
    case 17:
      return L4.udp;
    case 1:
      return v4 ? L4.icmp : L4.other;
    case 58:
      return v4 ? L4.other : L4.icmpv6;
    case -1:
      return L4.none;
    default:
      return L4.other;
  }
}
