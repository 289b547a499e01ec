/**
 * Addresses as text, made only when a name event leaves the inspector, in exactly the form the
 * statistics use (`net/ip_format.ts`, RFC 5952 as tshark prints it), so a name
 * learned here is found again by the address text of a talker or a flow.
 */
import { formatIPv4Bytes, formatIPv6 } from "../../net/ip_format.ts";
import { hashKey, TextCache } from "./text_cache.ts";

/**
 * Address strings remembered: every name event carries two, and a DNS answer more, mostly of
 * the same hosts (the resolver, the local machine, the servers a network uses). A busy
 * resolver's answers name a few thousand; 4096 slots of 16 bytes are 64 KiB, and a miss only
 * costs making the string.
 */
export const ADDRESS_TEXT_SLOTS = 4096;
const IPV4_LEN = 4;
const IPV6_LEN = 16;
const addressCache = new TextCache(ADDRESS_TEXT_SLOTS, IPV6_LEN);
/** One address copied out of its view, for the formatters (which read a `Uint8Array`). */
const scratch = new Uint8Array(IPV6_LEN);
const scratchView = new DataView(scratch.buffer);

/**
 * Text of the address `view[at, at+len)`: `len` 4 gives IPv4, 16 IPv6, anything else an empty
 * string. Remembered, so a repeated address makes no new string.
 */
export function addressText(view: DataView, at: number, len: number): string {
  if (len !== IPV4_LEN && len !== IPV6_LEN) return "";
  const hash = hashKey(view, at, len);
  const known = addressCache.get(view, at, len, hash);
  if (known !== undefined) return known;
  for (let i = 0; i < len; i++) scratch[i] = view.getUint8(at + i);
  const text = len === IPV4_LEN ? formatIPv4Bytes(scratch, 0) : formatIPv6(scratch, 0);
  addressCache.set(view, at, len, hash, text);
  return text;
}

/** `len` 4 gives IPv4 text of `bytes`, 16 IPv6, anything else an empty string. */
export function ipText(bytes: Uint8Array, len: number): string {
  if (len !== IPV4_LEN && len !== IPV6_LEN) return "";
  for (let i = 0; i < len; i++) scratch[i] = bytes[i]!;
  return addressText(scratchView, 0, len);
}
