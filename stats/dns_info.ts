/**
 * A DNS packet's line in the packet list, in the words of tshark's Info column ("Standard query
 * 0x1a2b A example.com", "Standard query response 0x1a2b No such name A example.com"), made
 * from a `DnsSummary` only when the list is read. tshark goes on with every record of every
 * section; the summary keeps the first question and the A/AAAA answers that lead the answer
 * section, so the line is always where tshark's begins, cut where the summary ends.
 */
import type { DnsSummary } from "../capture/dns_summary_ring.ts";
import { TOO_LONG_NAME, wireDnsNameText } from "../capture/inspect/dns_name.ts";
import { formatAddress } from "../net/ip_format.ts";

const QR_BIT = 0x8000;
const OPCODE_SHIFT = 11;
const OPCODE_MASK = 0xf;
const RCODE_MASK = 0xf;

/** Opcodes (IANA DNS parameters) as tshark 4.0 names them. */
const OPCODES: ReadonlyMap<number, string> = new Map([
  [0, "Standard query"],
  [1, "Inverse query"],
  [2, "Server status request"],
  [4, "Zone change notification"],
  [5, "Dynamic update"],
  [6, "DNS Stateful operations (DSO)"],
]);

/** Header RCODEs (RFC 1035, RFC 2136, RFC 8490) as tshark 4.0 names them. */
const RCODES: ReadonlyMap<number, string> = new Map([
  [1, "Format error"],
  [2, "Server failure"],
  [3, "No such name"],
  [4, "Not implemented"],
  [5, "Refused"],
  [6, "Name exists"],
  [7, "RRset exists"],
  [8, "RRset does not exist"],
  [9, "Not authoritative"],
  [10, "Name out of zone"],
  [11, "DSO-Type not implemented"],
]);

/** Resource record types (IANA DNS parameters) as tshark 4.0 names them. */
const TYPES: ReadonlyMap<number, string> = new Map<number, string>([
  [1, "A"],
  [2, "NS"],
  [3, "MD"],
  [4, "MF"],
  [5, "CNAME"],
  [6, "SOA"],
  [7, "MB"],
  [8, "MG"],
  [9, "MR"],
  [10, "NULL"],
  [11, "WKS"],
  [12, "PTR"],
  [13, "HINFO"],
  [14, "MINFO"],
  [15, "MX"],
  [16, "TXT"],
  [17, "RP"],
  [18, "AFSDB"],
  [19, "X25"],
  [20, "ISDN"],
  [21, "RT"],
  [22, "NSAP"],
  [23, "NSAP-PTR"],
  [24, "SIG"],
  [25, "KEY"],
  [26, "PX"],
  [27, "GPOS"],
  [28, "AAAA"],
  [29, "LOC"],
  [30, "NXT"],
  [31, "EID"],
  [32, "NIMLOC"],
  [33, "SRV"],
  [34, "ATMA"],
  [35, "NAPTR"],
  [36, "KX"],
  [37, "CERT"],
  [38, "A6"],
  [39, "DNAME"],
  [40, "SINK"],
  [41, "OPT"],
  [42, "APL"],
  [43, "DS"],
  [44, "SSHFP"],
  [45, "IPSECKEY"],
  [46, "RRSIG"],
  [47, "NSEC"],
  [48, "DNSKEY"],
  [49, "DHCID"],
  [50, "NSEC3"],
  [51, "NSEC3PARAM"],
  [52, "TLSA"],
  [53, "SMIMEA"],
  [55, "HIP"],
  [56, "NINFO"],
  [57, "RKEY"],
  [58, "TALINK"],
  [59, "CDS"],
  [60, "CDNSKEY"],
  [61, "OPENPGPKEY"],
  [62, "CSYNC"],
  [63, "ZONEMD"],
  [64, "SVCB"],
  [65, "HTTPS"],
  [99, "SPF"],
  [100, "UINFO"],
  [101, "UID"],
  [102, "GID"],
  [103, "UNSPEC"],
  [104, "NID"],
  [105, "L32"],
  [106, "L64"],
  [107, "LP"],
  [108, "EUI48"],
  [109, "EUI64"],
  [249, "TKEY"],
  [250, "TSIG"],
  [251, "IXFR"],
  [252, "AXFR"],
  [253, "MAILB"],
  [254, "MAILA"],
  [255, "ANY"],
  [256, "URI"],
  [257, "CAA"],
  [258, "AVC"],
  [259, "DOA"],
  [260, "AMTRELAY"],
  [32768, "TA"],
  [32769, "DLV"],
  [65281, "WINS"],
  [65282, "WINS-R"],
  [65521, "XPF"],
]);

/** tshark's name for record type `type`. */
export function dnsTypeName(type: number): string {
  return TYPES.get(type) ?? `Unknown (${type})`;
}

/** The packet-list line for the DNS message `s` summarises. */
export function dnsInfo(s: DnsSummary): string {
  const opcode = (s.flags >>> OPCODE_SHIFT) & OPCODE_MASK;
  const response = (s.flags & QR_BIT) !== 0;
  let out = `${OPCODES.get(opcode) ?? `Unknown operation (${opcode})`}` +
    `${response ? " response" : ""} 0x${s.id.toString(16).padStart(4, "0")}`;
  const rcode = s.flags & RCODE_MASK;
  if (response && rcode !== 0) out += ` ${RCODES.get(rcode) ?? `Unknown error (${rcode})`}`;
  if (s.qtype < 0) return out;
  const name = s.nameLength < 0 ? TOO_LONG_NAME : wireDnsNameText(s.nameView, 0, s.nameLength);
  out += ` ${dnsTypeName(s.qtype)} ${name}`;
  for (let i = 0; i < s.addressCount; i++) {
    const len = s.addressLengths[i]!;
    out += ` ${len === 4 ? "A" : "AAAA"} ${formatAddress(s.addresses, len, i * 16)}`;
  }
  return out;
}
