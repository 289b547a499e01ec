/**
 * Reading the flow table for the API: filter, sort, page, and turn rows into plain objects.
 * Strings are made here, only for the rows returned.
 */

import { L3 } from "../capture/decode/packet.ts";
import type { FlowTable } from "./flow_table.ts";
import { formatAddress } from "../net/ip_format.ts";
import {
  flowKeyAddress,
  flowKeyFamily,
  flowKeyHasPorts,
  flowKeyPort,
  flowKeyProto,
} from "../capture/packet_keys.ts";
import { ipProtocolName } from "./protocol_names.ts";
import { serviceName } from "./services.ts";
import { FLOW_STATE_NAMES, tcpFlagNames } from "./tcp_state.ts";
import { selectTopByKey } from "./top_select.ts";
import {
  addressMatches,
  type CompiledFilter,
  compileFilter,
  type TrafficFilter,
} from "./traffic_filter.ts";
import { RATE_WINDOWS } from "./window_rates.ts";
import { QueryError } from "./query_error.ts";
import {
  countryWord,
  type FilterNode,
  matchesDisplayFilter,
  mentionsCountry,
} from "./display_filter.ts";

/** Rows one query returns when it names no limit. */
export const FLOW_QUERY_DEFAULT_LIMIT = 100;
/** Most rows one query may return: a page the dashboard can render and a response of < 1 MB. */
export const FLOW_QUERY_MAX_LIMIT = 1000;
/**
 * A page that is less than this fraction of the matches is picked with a bounded heap
 * (O(n log k)); a larger one is cheaper to sort whole.
 */
const TOP_K_FRACTION = 8;

export type FlowSort =
  | "bytes"
  | "packets"
  | "rate"
  | "rate10s"
  | "rate40s"
  | "last-seen"
  | "first-seen"
  | "duration";

export interface FlowQuery extends TrafficFilter {
  /** A display filter (`parseDisplayFilter`), applied with the fields above. */
  expression?: FilterNode | null;
  /** The name seen for an address, for the display filter's words. */
  nameOf?: (ip: string) => string | null;
  /**
   * An address's country code, "unknown" for a public address with none, null for private
   * ones: for the display filter's `country` condition (asked only when it has one).
   */
  countryOf?: (ip: string) => string | null;
  /** Default "bytes". "rate" is the 2 s average, iftop's default sort. */
  sort?: FlowSort;
  /** Default "desc". */
  order?: "asc" | "desc";
  limit?: number;
  offset?: number;
}

/** One flow. Side A is the endpoint that sent the first packet seen. */
export interface FlowRecord {
  /** "tcp", "udp", "icmp", "gre"... (lowercase `ipProtocolName`). */
  protocol: string;
  ipProto: number;
  family: "ipv4" | "ipv6";
  aIp: string;
  aPort: number | null;
  bIp: string;
  bPort: number | null;
  /** Service name of the flow's well-known port, e.g. "dns", or null. */
  service: string | null;
  packets: number;
  bytes: number;
  aToBPackets: number;
  aToBBytes: number;
  bToAPackets: number;
  bToABytes: number;
  firstSeenMs: number;
  lastSeenMs: number;
  durationMs: number;
  /** OR of every TCP flag seen, as names ("SYN,ACK"); "" when none or not TCP. */
  tcpFlags: string;
  /** TCP state name, or null for other protocols. */
  state: string | null;
  /** Bits per second over the last 2, 10 and 40 complete seconds: both ways, A->B, B->A. */
  bps: [number, number, number];
  aToBBps: [number, number, number];
  bToABps: [number, number, number];
}

export interface FlowPage {
  /** Live flows in the table. */
  total: number;
  /** Flows matching the filter. */
  matched: number;
  offset: number;
  flows: FlowRecord[];
}

/** Filter, sort and page the live flows; `nowSec` is the engine clock second for rates. */
export function queryFlows(table: FlowTable, q: FlowQuery, nowSec: number): FlowPage {
  const filter = compileFilter(q);
  const limit = clampInt(q.limit ?? FLOW_QUERY_DEFAULT_LIMIT, 0, FLOW_QUERY_MAX_LIMIT);
  const offset = clampInt(q.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const scratch = new Uint8Array(16);
  const sortKey = sortKeyOf(table, q.sort ?? "bytes", nowSec);
  const index = table.index;
  const ids = new Int32Array(index.size);
  const keys = new Float64Array(index.capacity);
  let matched = 0;
  const expression = q.expression ?? null;
  const header = (id: number) => (f: CompiledFilter) => flowMatches(table, id, f, scratch);
  const words = expression === null
    ? null
    : new WordCache(q.nameOf, mentionsCountry(expression) ? q.countryOf : undefined);
  const text = (id: number) => () => flowWords(table, id, scratch, words!);
  for (let id = 0; id < index.highWater; id++) {
    if (!index.isLive(id) || !flowMatches(table, id, filter, scratch)) continue;
    if (expression !== null && !matchesDisplayFilter(expression, header(id), text(id))) continue;
    ids[matched++] = id;
    keys[id] = sortKey(id);
  }
  const sign = q.order === "asc" ? 1 : -1;
  const want = Math.min(offset + limit, matched);
  let page: number[];
  if (want * TOP_K_FRACTION < matched) {
    page = selectTopByKey(ids, matched, want, keys, sign).slice(offset);
  } else {
    const all = Array.from(ids.subarray(0, matched));
    all.sort((a, b) => sign * (keys[a]! - keys[b]!) || a - b);
    page = all.slice(offset, offset + limit);
  }
  return {
    total: table.size,
    matched,
    offset,
    flows: page.map((id) => flowRecord(table, id, nowSec)),
  };
}

/** The plain-object form of flow `id`. */
export function flowRecord(table: FlowTable, id: number, nowSec: number): FlowRecord {
  const keys = table.index.keys;
  const base = table.index.keyBase(id);
  const family = flowKeyFamily(keys, base);
  const proto = flowKeyProto(keys, base);
  const hasPorts = flowKeyHasPorts(keys, base);
  const a: 0 | 1 = table.aIsLow(id) ? 0 : 1;
  const b: 0 | 1 = a === 0 ? 1 : 0;
  const addr = new Uint8Array(family);
  flowKeyAddress(keys, base, a, addr);
  const aIp = formatAddress(addr, family);
  flowKeyAddress(keys, base, b, addr);
  const bIp = formatAddress(addr, family);
  const aPort = hasPorts ? flowKeyPort(keys, base, a) : null;
  const bPort = hasPorts ? flowKeyPort(keys, base, b) : null;
  const rate = (dir: number) =>
    RATE_WINDOWS.map((w) => table.rates.bitsPerSecond(id, dir, nowSec, w)) as [
      number,
      number,
      number,
    ];
  const aToB = rate(0);
  const bToA = rate(1);
  const isTcp = proto === 6;
  return {
    protocol: ipProtocolName(proto).toLowerCase(),
    ipProto: proto,
    family: family === 4 ? "ipv4" : "ipv6",
    aIp,
    aPort,
    bIp,
    bPort,
    service: aPort === null || bPort === null ? null : serviceName(proto, aPort, bPort),
    packets: table.packets(id, 0) + table.packets(id, 1),
    bytes: table.bytes(id, 0) + table.bytes(id, 1),
    aToBPackets: table.packets(id, 0),
    aToBBytes: table.bytes(id, 0),
    bToAPackets: table.packets(id, 1),
    bToABytes: table.bytes(id, 1),
    firstSeenMs: table.firstMs(id),
    lastSeenMs: table.lastMs(id),
    // Rounded to the microsecond: epoch-ms doubles carry float noise below it.
    durationMs: Math.round((table.lastMs(id) - table.firstMs(id)) * 1000) / 1000,
    tcpFlags: isTcp ? tcpFlagNames(table.tcpFlags(id)) : "",
    state: isTcp ? FLOW_STATE_NAMES[table.state(id)] ?? null : null,
    bps: [aToB[0] + bToA[0], aToB[1] + bToA[1], aToB[2] + bToA[2]],
    aToBBps: aToB,
    bToABps: bToA,
  };
}

/**
 * Text pieces shared by many flows of one query, made once: an address with its name (a busy
 * host is in thousands of flows), a protocol's name, a flag set's names.
 */
class WordCache {
  readonly #addresses = new Map<number, string>();
  readonly #protocols = new Map<number, string>();
  readonly #flags = new Map<number, string>();
  readonly #nameOf: FlowQuery["nameOf"];
  readonly #countryOf: FlowQuery["countryOf"];

  constructor(nameOf: FlowQuery["nameOf"], countryOf: FlowQuery["countryOf"]) {
    this.#nameOf = nameOf;
    this.#countryOf = countryOf;
  }

  /** `address` and its name; IPv4 addresses (one word) are kept, IPv6 made each time. */
  address(bytes: Uint8Array, family: number): string {
    const key = family === 4
      ? ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0
      : -1;
    const known = key >= 0 ? this.#addresses.get(key) : undefined;
    if (known !== undefined) return known;
    const text = formatAddress(bytes, family);
    const country = this.#countryOf?.(text);
    const words = `${text} ${this.#nameOf?.(text) ?? ""} ${country ? countryWord(country) : ""}`;
    if (key >= 0) this.#addresses.set(key, words);
    return words;
  }

  protocol(proto: number): string {
    let name = this.#protocols.get(proto);
    if (name === undefined) this.#protocols.set(proto, name = ipProtocolName(proto));
    return name;
  }

  flags(bits: number): string {
    let names = this.#flags.get(bits);
    if (names === undefined) this.#flags.set(bits, names = tcpFlagNames(bits));
    return names;
  }
}

/**
 * The words of a flow the display filter's free text is matched against: its addresses and the
 * names seen for them, ports, protocol, service, TCP state and flags. Built from the table
 * directly (no rates, no record object): a word is matched against every flow.
 */
function flowWords(t: FlowTable, id: number, scratch: Uint8Array, cache: WordCache): string {
  const keys = t.index.keys;
  const base = t.index.keyBase(id);
  const family = flowKeyFamily(keys, base);
  const proto = flowKeyProto(keys, base);
  flowKeyAddress(keys, base, 0, scratch);
  const a = cache.address(scratch, family);
  flowKeyAddress(keys, base, 1, scratch);
  let words = `${a} ${cache.address(scratch, family)} ${cache.protocol(proto)}`;
  if (flowKeyHasPorts(keys, base)) {
    const aPort = flowKeyPort(keys, base, 0);
    const bPort = flowKeyPort(keys, base, 1);
    words += ` ${aPort} ${bPort} ${serviceName(proto, aPort, bPort) ?? ""}`;
  }
  if (proto === 6) {
    words += ` ${FLOW_STATE_NAMES[t.state(id)] ?? ""} ${cache.flags(t.tcpFlags(id))}`;
  }
  return words;
}

function flowMatches(t: FlowTable, id: number, f: CompiledFilter, scratch: Uint8Array): boolean {
  const keys = t.index.keys;
  const base = t.index.keyBase(id);
  const family = flowKeyFamily(keys, base);
  if (f.l3 >= 0 && f.l3 !== (family === 4 ? L3.ipv4 : L3.ipv6)) return false;
  if (f.ipProto >= 0 && f.ipProto !== flowKeyProto(keys, base)) return false;
  if (f.port >= 0) {
    if (!flowKeyHasPorts(keys, base)) return false;
    if (flowKeyPort(keys, base, 0) !== f.port && flowKeyPort(keys, base, 1) !== f.port) {
      return false;
    }
  }
  if (f.addr !== null) {
    flowKeyAddress(keys, base, 0, scratch);
    if (addressMatches(f, scratch, 0, family)) return true;
    flowKeyAddress(keys, base, 1, scratch);
    return addressMatches(f, scratch, 0, family);
  }
  return true;
}

function sortKeyOf(t: FlowTable, sort: FlowSort, nowSec: number): (id: number) => number {
  const rate = (w: number) => (id: number) =>
    t.rates.windowBytes(id, 0, nowSec, w) + t.rates.windowBytes(id, 1, nowSec, w);
  switch (sort) {
    case "packets":
      return (id) => t.packets(id, 0) + t.packets(id, 1);
    case "rate":
      return rate(2);
    case "rate10s":
      return rate(10);
    case "rate40s":
      return rate(40);
    case "last-seen":
      return (id) => t.lastMs(id);
    case "first-seen":
      return (id) => t.firstMs(id);
    case "duration":
      return (id) => t.lastMs(id) - t.firstMs(id);
    case "bytes":
      return (id) => t.bytes(id, 0) + t.bytes(id, 1);
    default:
      throw new QueryError(`Cannot sort flows by "${sort}": unknown sort key`);
  }
}

function clampInt(n: number, lo: number, hi: number): number {
  if (Number.isNaN(n)) return lo;
  return Math.min(Math.max(Math.trunc(n), lo), hi);
}
