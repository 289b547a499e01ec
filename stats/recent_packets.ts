/**
 * The last N packets' headers in a ring of typed arrays (no payload), turned into objects only
 * when the packet list is read. Writing one packet copies about 30 numbers and two 16-byte
 * addresses into preallocated columns: no allocation.
 */

import { type DecodedPacket, L3 } from "../capture/decode/packet.ts";
import { formatAddress, formatMac } from "../net/ip_format.ts";
import { type PacketFields, packetInfo, packetProtocol } from "./packet_info.ts";
import { tcpFlagNames } from "./tcp_state.ts";
import { DnsSummary, type DnsSummaryRing } from "../capture/dns_summary_ring.ts";
import { dnsInfo } from "./dns_info.ts";
import { portServiceName, servicePort } from "./services.ts";
import { formatTimestamp } from "./totals.ts";
import {
  addressMatches,
  type CompiledFilter,
  compileFilter,
  type TrafficFilter,
} from "./traffic_filter.ts";
import {
  countryWord,
  type FilterNode,
  matchesDisplayFilter,
  mentionsCountry,
} from "./display_filter.ts";

/** Packets kept: a screenful of history many times over, at ~130 bytes each (130 KB). */
export const RECENT_PACKETS = 1000;
/** Largest ring allowed (~130 MB at the per-packet cost), so a flag typo cannot eat the host. */
export const MAX_RECENT_PACKETS = 1_000_000;

// Columns per packet in the byte, int32 and float64 column arrays.
const SMALL = 7;
const INTS = 11;
const WIDE = 3;

/** One packet as the API shows it. */
export interface PacketRecord {
  /** 1-based arrival number; `since` queries page on it. */
  seq: number;
  /** Epoch ms, and the exact "seconds.nnnnnnnnn" timestamp. */
  timeMs: number;
  ts: string;
  /** IP addresses (ARP: sender and target IP), else MAC addresses, else "". */
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
  protocol: string;
  /** Wire length and captured length. */
  length: number;
  captured: number;
  tcpFlags: string | null;
  vlan: number | null;
  info: string;
}

export interface PacketQuery extends TrafficFilter {
  /** Most packets returned (newest first); default and maximum: the ring size. */
  limit?: number;
  /** Only packets with `seq` greater than this (for incremental polling). */
  since?: number;
  /** Matching packets to skip, newest first (paging back through the ring). */
  offset?: number;
  /** A display filter (`parseDisplayFilter`), applied with the fields above. */
  expression?: FilterNode | null;
  /** The name seen for an address, for the display filter's words. */
  nameOf?: (ip: string) => string | null;
  /** An address's country, for the display filter's `country` condition (`FlowQuery`). */
  countryOf?: (ip: string) => string | null;
}

/** DataViews over one `DecodedPacket`'s address buffers. */
interface PacketViews {
  packet: DecodedPacket;
  src: DataView;
  dst: DataView;
  srcMac: DataView;
  dstMac: DataView;
}

export class RecentPackets {
  readonly capacity: number;
  #next = 0;
  #count = 0;
  readonly #seq: Float64Array;
  readonly #tsSec: Float64Array;
  readonly #tsNsec: Uint32Array;
  readonly #wireLen: Uint32Array;
  readonly #caplen: Uint32Array;
  /** l3, l4, addrLen, hasMac, isFragment, error, truncated: one byte each. */
  readonly #small: Uint8Array;
  /** srcPort, dstPort, ipProto, tcpFlags, icmpType, icmpCode, arpOp, vlanId, etherType, fragOffset, tcpWindow. */
  readonly #ints: Int32Array;
  /** tcpSeq, tcpAck, payloadLength. */
  readonly #wide: Float64Array;
  readonly #addr: Uint8Array;
  readonly #mac: Uint8Array;
  /** `#addr` as 32-bit words and `#mac` as a DataView, for copying without byte loops. */
  readonly #addrWords: Int32Array;
  readonly #macView: DataView;
  #packetViews: PacketViews | null = null;
  /**
   * Per packet, the capture's DNS summary table and the packet's sequence number in its ring:
   * a reference, not a copy, so a push costs two stores and DNS text is made only by `list()`.
   */
  readonly #dnsTables: (DnsSummaryRing | null)[];
  readonly #ringSeq: Int32Array;
  readonly #dnsSummary = new DnsSummary();
  /**
   * The port's service name ("dns") when the last `#record()` showed a DNS summary in its info,
   * else "": such a line ("Standard query 0x1a2b A example.com") no longer holds the word the
   * headers' line ("dns len=53") did, and free text "dns" must still find the packet.
   */
  #shownService = "";

  constructor(capacity = RECENT_PACKETS) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_RECENT_PACKETS) {
      throw new RangeError(
        `Cannot keep ${capacity} recent packets: must be an integer from 1 to ${MAX_RECENT_PACKETS}`,
      );
    }
    this.capacity = capacity;
    this.#seq = new Float64Array(capacity);
    this.#tsSec = new Float64Array(capacity);
    this.#tsNsec = new Uint32Array(capacity);
    this.#wireLen = new Uint32Array(capacity);
    this.#caplen = new Uint32Array(capacity);
    this.#small = new Uint8Array(capacity * SMALL);
    this.#ints = new Int32Array(capacity * INTS);
    this.#wide = new Float64Array(capacity * WIDE);
    this.#addr = new Uint8Array(capacity * 32);
    this.#mac = new Uint8Array(capacity * 12);
    this.#addrWords = new Int32Array(this.#addr.buffer);
    this.#macView = new DataView(this.#mac.buffer);
    this.#dnsTables = new Array<DnsSummaryRing | null>(capacity).fill(null);
    this.#ringSeq = new Int32Array(capacity);
  }

  /** Packets currently held. */
  get size(): number {
    return this.#count;
  }

  /** Copy the headers of `p`, numbered `seq`, over the oldest entry. */
  push(p: DecodedPacket, seq: number): void {
    const i = this.#next;
    this.#next = i + 1 === this.capacity ? 0 : i + 1;
    if (this.#count < this.capacity) this.#count++;
    this.#seq[i] = seq;
    this.#tsSec[i] = p.tsSec;
    this.#tsNsec[i] = p.tsNsec;
    this.#wireLen[i] = p.wireLen;
    this.#caplen[i] = p.caplen;
    this.#dnsTables[i] = p.dnsSummaries;
    this.#ringSeq[i] = p.ringSeq;
    const s = i * SMALL;
    const sm = this.#small;
    sm[s] = p.l3;
    sm[s + 1] = p.l4;
    sm[s + 2] = p.addrLen;
    sm[s + 3] = p.hasMac ? 1 : 0;
    sm[s + 4] = p.isFragment ? 1 : 0;
    sm[s + 5] = p.error;
    sm[s + 6] = p.truncated ? 1 : 0;
    const n = i * INTS;
    const it = this.#ints;
    it[n] = p.srcPort;
    it[n + 1] = p.dstPort;
    it[n + 2] = p.ipProto;
    it[n + 3] = p.tcpFlags;
    it[n + 4] = p.icmpType;
    it[n + 5] = p.icmpCode;
    it[n + 6] = p.arpOp;
    it[n + 7] = p.vlanId;
    it[n + 8] = p.etherType;
    it[n + 9] = p.fragOffset;
    it[n + 10] = p.tcpWindow;
    const w = i * WIDE;
    this.#wide[w] = p.tcpSeq;
    this.#wide[w + 1] = p.tcpAck;
    this.#wide[w + 2] = p.payloadLength;
    // Whole words, not byte loops: readers look at `addrLen` bytes only, so copying all 16
    // of an IPv4 packet's address buffer is harmless and four word moves beat 4-16 byte moves.
    const v = this.#views(p);
    const aw = this.#addrWords;
    for (let k = 0, a = i * 8; k < 4; k++, a++) {
      aw[a] = v.src.getInt32(k * 4, true);
      aw[a + 4] = v.dst.getInt32(k * 4, true);
    }
    if (p.hasMac) {
      const mac = this.#macView;
      const m = i * 12;
      mac.setInt32(m, v.srcMac.getInt32(0, true), true);
      mac.setUint16(m + 4, v.srcMac.getUint16(4, true), true);
      mac.setInt32(m + 6, v.dstMac.getInt32(0, true), true);
      mac.setUint16(m + 10, v.dstMac.getUint16(4, true), true);
    }
  }

  /**
   * Views over the address buffers of `p`, made again only when another packet object comes
   * (the pipeline passes the same one every time), so a push allocates nothing.
   */
  #views(p: DecodedPacket): PacketViews {
    const v = this.#packetViews;
    if (v !== null && v.packet === p) return v;
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
    return this.#packetViews = {
      packet: p,
      src: view(p.src),
      dst: view(p.dst),
      srcMac: view(p.srcMac),
      dstMac: view(p.dstMac),
    };
  }

  /** Matching packets, newest first. Throws RangeError for a filter that cannot match. */
  list(query: PacketQuery = {}): PacketRecord[] {
    const filter = compileFilter(query);
    const limit = Math.min(Math.max(0, Math.trunc(query.limit ?? this.capacity)), this.capacity);
    const since = query.since ?? -1;
    let skip = Math.max(0, Math.trunc(query.offset ?? 0));
    const expression = query.expression ?? null;
    const out: PacketRecord[] = [];
    for (let k = 1; k <= this.#count && out.length < limit; k++) {
      const i = (this.#next - k + this.capacity) % this.capacity;
      if (this.#seq[i]! <= since) break;
      if (!this.#matches(i, filter)) continue;
      if (expression !== null) {
        const record = this.#record(i);
        const service = this.#shownService;
        const header = (f: CompiledFilter) => this.#matches(i, f);
        const text = () =>
          `${packetWords(record)} ${service} ${query.nameOf?.(record.src) ?? ""} ` +
          `${query.nameOf?.(record.dst) ?? ""} ${countryWords(query, record)}`;
        if (!matchesDisplayFilter(expression, header, text)) continue;
        if (skip > 0) skip--;
        else out.push(record);
      } else if (skip > 0) skip--;
      else out.push(this.#record(i));
    }
    return out;
  }

  /** Forget every packet. */
  clear(): void {
    this.#next = 0;
    this.#count = 0;
  }

  #matches(i: number, f: CompiledFilter): boolean {
    const sm = i * SMALL;
    const n = i * INTS;
    const l3 = this.#small[sm]!;
    if (f.l3 >= 0 && l3 !== f.l3) return false;
    if (f.ipProto >= 0 && (this.#ints[n + 2] !== f.ipProto || (l3 !== L3.ipv4 && l3 !== L3.ipv6))) {
      return false;
    }
    if (f.port >= 0 && this.#ints[n] !== f.port && this.#ints[n + 1] !== f.port) return false;
    if (f.addr !== null) {
      const len = this.#small[sm + 2]!;
      return addressMatches(f, this.#addr, i * 32, len) ||
        addressMatches(f, this.#addr, i * 32 + 16, len);
    }
    return true;
  }

  /** What the packet's DNS message said, as tshark's Info says it; null for none (or gone). */
  #dnsInfo(i: number): string | null {
    this.#shownService = "";
    const table = this.#dnsTables[i];
    if (table === null || table === undefined) return null;
    if (!table.read(this.#ringSeq[i]!, this.#dnsSummary)) return null;
    const n = i * INTS;
    const proto = this.#ints[n + 2]!;
    const port = servicePort(proto, this.#ints[n]!, this.#ints[n + 1]!);
    this.#shownService = portServiceName(proto, port) ?? "";
    return dnsInfo(this.#dnsSummary);
  }

  #record(i: number): PacketRecord {
    const sm = i * SMALL;
    const n = i * INTS;
    const w = i * WIDE;
    const it = this.#ints;
    const addrLen = this.#small[sm + 2]!;
    const hasMac = this.#small[sm + 3] === 1;
    const srcMac = hasMac ? formatMac(this.#mac, i * 12) : null;
    let src = formatAddress(this.#addr, addrLen, i * 32);
    let dst = formatAddress(this.#addr, addrLen, i * 32 + 16);
    const fields: PacketFields = {
      l3: this.#small[sm]!,
      l4: this.#small[sm + 1]!,
      ipProto: it[n + 2]!,
      etherType: it[n + 8]!,
      src,
      dst,
      srcMac,
      srcPort: it[n]!,
      dstPort: it[n + 1]!,
      tcpFlags: it[n + 3]!,
      tcpSeq: this.#wide[w]!,
      tcpAck: this.#wide[w + 1]!,
      tcpWindow: it[n + 10]!,
      payloadLength: this.#wide[w + 2]!,
      icmpType: it[n + 4]!,
      icmpCode: it[n + 5]!,
      isFragment: this.#small[sm + 4] === 1,
      fragOffset: it[n + 9]!,
      arpOp: it[n + 6]!,
      error: this.#small[sm + 5]!,
    };
    if (src === "" && srcMac !== null) {
      src = srcMac;
      dst = formatMac(this.#mac, i * 12 + 6);
    }
    const sec = this.#tsSec[i]!;
    const nsec = this.#tsNsec[i]!;
    return {
      seq: this.#seq[i]!,
      timeMs: sec * 1000 + nsec / 1e6,
      ts: formatTimestamp(sec, nsec),
      src,
      dst,
      srcPort: fields.srcPort >= 0 ? fields.srcPort : null,
      dstPort: fields.dstPort >= 0 ? fields.dstPort : null,
      protocol: packetProtocol(fields),
      length: this.#wireLen[i]!,
      captured: this.#caplen[i]!,
      tcpFlags: fields.tcpFlags >= 0 ? tcpFlagNames(fields.tcpFlags) : null,
      vlan: it[n + 7]! >= 0 ? it[n + 7]! : null,
      info: this.#dnsInfo(i) ?? packetInfo(fields),
    };
  }
}

/** The words of a packet the display filter's free text is matched against: what its row shows. */
export function packetWords(p: PacketRecord): string {
  return `${p.src} ${p.dst} ${p.srcPort ?? ""} ${p.dstPort ?? ""} ${p.protocol} ${p.info}`;
}

/** The `country` words of a packet's addresses, when its query has a `country` condition. */
function countryWords(query: PacketQuery, record: PacketRecord): string {
  const of = query.countryOf;
  if (!of || !mentionsCountry(query.expression ?? null)) return "";
  const src = of(record.src);
  const dst = of(record.dst);
  return `${src ? countryWord(src) : ""} ${dst ? countryWord(dst) : ""}`;
}
