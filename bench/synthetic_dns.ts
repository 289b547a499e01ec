/**
 * DNS messages in real wire format (RFC 1035 section 4, EDNS(0) from RFC 6891) for synthetic
 * captures: a query with an OPT record, and its answer: A or AAAA records that point back at
 * the question by compression, or NXDOMAIN with the zone's SOA in the authority section
 * (RFC 2308), as resolvers send them.
 */
import type { Prng } from "./prng.ts";
import { MAX_SERVERS, serverV4, serverV6 } from "./synthetic_hosts.ts";

export const DNS_PORT = 53;
export const QTYPE_A = 1;
export const QTYPE_AAAA = 28;
const QTYPE_SOA = 6;
const QTYPE_OPT = 41;
const CLASS_IN = 1;
const DNS_HEADER = 12;
/** RD set: what a stub resolver asks for. */
const FLAGS_QUERY = 0x0100;
/** QR, RD and RA set, RCODE 0 (NOERROR) or 3 (NXDOMAIN). */
const FLAGS_ANSWER = 0x8180;
const RCODE_NXDOMAIN = 3;
/** A compression pointer to the question name, which always starts right after the header. */
const POINTER_TO_QUESTION = 0xc000 | DNS_HEADER;
/** The EDNS(0) UDP payload size DNS Flag Day 2020 settled on. */
const EDNS_UDP_SIZE = 1232;
const OPT_RECORD = 11;
const ANSWER_TTL = 300;
/** SOA timers of the synthetic zones: serial, refresh, retry, expire, minimum (negative TTL). */
const SOA_TIMERS = [2024010101, 7200, 3600, 1209600, 900] as const;
/** The SOA's MNAME and RNAME first labels, each then pointing at the zone. */
const SOA_LABELS = [label("ns1"), label("hostmaster")] as const;
/** Names in the table; DNS traffic picks from them with a skew, a few names being popular. */
export const DNS_NAME_COUNT = 512;
/** Most answers have one address; CDNs give up to this many. */
const MAX_ANSWERS = 4;

const WORDS = ["www", "api", "cdn", "mail", "img", "static", "login", "update", "time", "push"];
/** Second-level names under the reserved example domains (RFC 2606). */
const ZONES = ["example.com", "example.net", "example.org"];

/** One pre-encoded question name and where its zone (the last two labels) starts in it. */
export interface DnsName {
  wire: Uint8Array;
  zoneOffset: number;
}

/** The name table, a pure function of the PRNG state it is built from. */
export function makeDnsNames(prng: Prng): DnsName[] {
  const names: DnsName[] = [];
  for (let i = 0; i < DNS_NAME_COUNT; i++) {
    const word = WORDS[prng.int(0, WORDS.length - 1)] ?? "www";
    const zone = ZONES[i % ZONES.length] ?? "example.com";
    const site = `site${prng.int(1, 999)}`;
    const wire = encodeName([word, site, ...zone.split(".")]);
    names.push({ wire, zoneOffset: 2 + word.length + site.length });
  }
  return names;
}

/** What one DNS exchange asks and gets. */
export interface DnsExchange {
  id: number;
  name: DnsName;
  qtype: number;
  nxdomain: boolean;
  answers: number;
  /** Server index of the first address returned; the others follow it. */
  firstServer: number;
}

/** Draws an exchange: ~5% NXDOMAIN, one answer in most cases, up to `MAX_ANSWERS`. */
export function drawExchange(prng: Prng, names: DnsName[], v6: boolean, out: DnsExchange): void {
  out.id = prng.int(0, 0xffff);
  out.name = names[prng.skewed(names.length)] ?? out.name;
  out.qtype = v6 || prng.chance(0.3) ? QTYPE_AAAA : QTYPE_A;
  out.nxdomain = prng.chance(0.05);
  out.answers = out.nxdomain ? 0 : prng.chance(0.7) ? 1 : prng.int(2, MAX_ANSWERS);
  out.firstServer = prng.skewed(MAX_SERVERS);
}

/** Writes the query at `at` and returns the end offset. */
export function writeDnsQuery(bytes: Uint8Array, view: DataView, at: number, q: DnsExchange) {
  let o = writeHeader(view, at, q.id, FLAGS_QUERY, 0, 0);
  o = writeQuestion(bytes, view, o, q);
  return writeOpt(view, o);
}

/** Writes the response to `q` at `at` and returns the end offset. */
export function writeDnsResponse(bytes: Uint8Array, view: DataView, at: number, q: DnsExchange) {
  const flags = FLAGS_ANSWER | (q.nxdomain ? RCODE_NXDOMAIN : 0);
  let o = writeHeader(view, at, q.id, flags, q.answers, q.nxdomain ? 1 : 0);
  o = writeQuestion(bytes, view, o, q);
  const rdLength = q.qtype === QTYPE_AAAA ? 16 : 4;
  for (let i = 0; i < q.answers; i++) {
    o = writeRecordHead(view, o, POINTER_TO_QUESTION, q.qtype, ANSWER_TTL, rdLength);
    const server = (q.firstServer + i) % MAX_SERVERS;
    if (q.qtype === QTYPE_AAAA) serverV6(server, bytes.subarray(o, o + 16));
    else view.setUint32(o, serverV4(server));
    o += rdLength;
  }
  if (q.nxdomain) o = writeSoa(bytes, view, o, POINTER_TO_QUESTION + q.name.zoneOffset);
  return writeOpt(view, o);
}

function writeHeader(
  view: DataView,
  at: number,
  id: number,
  flags: number,
  answers: number,
  authority: number,
): number {
  view.setUint16(at, id);
  view.setUint16(at + 2, flags);
  view.setUint16(at + 4, 1); // QDCOUNT
  view.setUint16(at + 6, answers);
  view.setUint16(at + 8, authority);
  view.setUint16(at + 10, 1); // ARCOUNT: the OPT record
  return at + DNS_HEADER;
}

function writeQuestion(bytes: Uint8Array, view: DataView, at: number, q: DnsExchange): number {
  bytes.set(q.name.wire, at);
  const o = at + q.name.wire.length;
  view.setUint16(o, q.qtype);
  view.setUint16(o + 2, CLASS_IN);
  return o + 4;
}

function writeRecordHead(
  view: DataView,
  at: number,
  pointer: number,
  type: number,
  ttl: number,
  rdLength: number,
): number {
  view.setUint16(at, pointer);
  view.setUint16(at + 2, type);
  view.setUint16(at + 4, CLASS_IN);
  view.setUint32(at + 6, ttl);
  view.setUint16(at + 10, rdLength);
  return at + 12;
}

/** The zone's SOA: "ns1.<zone>" and "hostmaster.<zone>", both compressed to the zone. */
function writeSoa(bytes: Uint8Array, view: DataView, at: number, zonePointer: number): number {
  const [mname, rname] = SOA_LABELS;
  const rdLength = mname.length + 2 + rname.length + 2 + 4 * SOA_TIMERS.length;
  let o = writeRecordHead(view, at, zonePointer, QTYPE_SOA, SOA_TIMERS[4], rdLength);
  for (const first of SOA_LABELS) {
    bytes.set(first, o);
    view.setUint16(o + first.length, zonePointer);
    o += first.length + 2;
  }
  for (const value of SOA_TIMERS) {
    view.setUint32(o, value);
    o += 4;
  }
  return o;
}

/** EDNS(0) OPT pseudo-record: root name, our UDP size, no extended flags, no options. */
function writeOpt(view: DataView, at: number): number {
  view.setUint8(at, 0);
  view.setUint16(at + 1, QTYPE_OPT);
  view.setUint16(at + 3, EDNS_UDP_SIZE);
  view.setUint32(at + 5, 0);
  view.setUint16(at + 9, 0);
  return at + OPT_RECORD;
}

/** Labels to wire format: each label prefixed by its length, then the root's zero byte. */
function encodeName(labels: string[]): Uint8Array {
  const out: number[] = [];
  for (const text of labels) out.push(...label(text));
  out.push(0);
  return Uint8Array.from(out);
}

/** One ASCII label with its length byte in front (RFC 1035 3.1). */
function label(text: string): Uint8Array {
  return Uint8Array.from([text.length, ...Array.from(text, (c) => c.charCodeAt(0))]);
}
