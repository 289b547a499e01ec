/**
 * Telling DNS messages (RFC 1035 section 4.1) on ports where nothing else is registered, by
 * their header alone. DNS, mDNS (RFC 6762) and LLMNR (RFC 4795) share the format; `DnsCursor`
 * walks the questions and answers. Reads stay inside `data[start, end)`.
 */
import { DNS_HEADER_LEN } from "./dns_cursor.ts";

export { DNS_HEADER_LEN, MAX_ANSWERS, MAX_QUESTIONS } from "./dns_cursor.ts";
const QR_BIT = 0x8000;
const OPCODE_MASK = 0x7800;

/**
 * Section counts beyond which a message on an unregistered port is not taken for DNS. These
 * follow Wireshark's DNS heuristic, so that the inspector finds what tshark finds: a query has
 * exactly one question and nothing else but up to 10 additional records (EDNS, TSIG).
 */
const HEUR_MAX_ANSWERS = 100;
const HEUR_MAX_AUTHORITY = 10;
const HEUR_MAX_ADDITIONAL = 10;
/** Smallest question (root name, type, class) and smallest record, for the length check. */
const MIN_QUESTION_BYTES = 6;
const MIN_RECORD_BYTES = 11;

/**
 * Whether the `claimedLen` bytes at `start` look like a standard DNS query or response, for
 * UDP ports where no other protocol is registered. Allocates nothing.
 */
export function looksLikeDns(data: DataView, start: number, end: number, claimedLen: number) {
  if (claimedLen <= DNS_HEADER_LEN || end - start < DNS_HEADER_LEN) return false;
  const flags = data.getUint16(start + 2);
  if ((flags & OPCODE_MASK) !== 0) return false;
  const qd = data.getUint16(start + 4);
  const an = data.getUint16(start + 6);
  const ns = data.getUint16(start + 8);
  const ar = data.getUint16(start + 10);
  if ((flags & QR_BIT) === 0) {
    if (qd !== 1 || an !== 0 || ns !== 0) return false;
  } else if (qd > 1 || an > HEUR_MAX_ANSWERS || ns > HEUR_MAX_AUTHORITY) return false;
  if (ar > HEUR_MAX_ADDITIONAL || qd + an === 0) return false;
  return qd * MIN_QUESTION_BYTES + (an + ns + ar) * MIN_RECORD_BYTES <=
    claimedLen - DNS_HEADER_LEN;
}
