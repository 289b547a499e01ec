/**
 * CIDR prefixes ("192.168.1.0/24", "fd00::/8") parsed from user text or from an interface's
 * address and netmask, with errors that name the flag and say what is wrong.
 */

import { formatAddress, parseAddress } from "../../net/ip_format.ts";

/** A network prefix: `bytes` is the network address (host bits cleared) in network order. */
export interface Cidr {
  len: 4 | 16;
  bytes: Uint8Array;
  prefix: number;
}

/**
 * Parse `address/prefix`; a bare address is a single host (/32 or /128). Host bits are
 * cleared, so the address of an interface with its prefix ("192.168.1.7/24") names its network.
 * `source` names where the text came from in the error message (a flag, a config key). Throws
 * SyntaxError for text that is no prefix and RangeError for a prefix length past the family's.
 */
export function parseCidr(text: string, source = "--local-net"): Cidr {
  const fail = (why: string, kind = SyntaxError) => new kind(`Invalid ${source} "${text}": ${why}`);
  const slash = text.indexOf("/");
  const addrText = slash < 0 ? text.trim() : text.slice(0, slash).trim();
  const parsed = parseAddress(addrText);
  if (parsed === null) throw fail(`"${addrText}" is not an IPv4 or IPv6 address`);
  const maxPrefix = parsed.len * 8;
  let prefix = maxPrefix;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(prefixText)) {
      throw fail(`prefix length "${prefixText}" is not a number`);
    }
    prefix = Number(prefixText);
    if (prefix > maxPrefix) throw fail(`prefix length must be 0 to ${maxPrefix}`, RangeError);
  }
  return { len: parsed.len, bytes: maskBytes(parsed.bytes, prefix), prefix };
}

/**
 * The prefix of an interface address with its netmask, as libpcap reports them
 * ("192.168.1.7" + "255.255.255.0"); null when either is unparseable, the families differ,
 * or the mask is not a run of ones followed by zeros (RFC 4632 section 3.1).
 */
export function cidrFromNetmask(address: string, netmask: string): Cidr | null {
  const addr = parseAddress(address);
  const mask = parseAddress(netmask);
  if (addr === null || mask === null || addr.len !== mask.len) return null;
  const prefix = prefixOfMask(mask.bytes);
  if (prefix < 0) return null;
  return { len: addr.len, bytes: maskBytes(addr.bytes, prefix), prefix };
}

/** "192.168.1.0/24" */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.bytes, cidr.len)}/${cidr.prefix}`;
}

/** Length of the leading run of one bits; -1 when a one follows a zero. */
export function prefixOfMask(mask: Uint8Array): number {
  let prefix = 0;
  let seenZero = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (byte >> bit) & 1;
      if (one && seenZero) return -1;
      if (one) prefix++;
      else seenZero = true;
    }
  }
  return prefix;
}

function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - 8 * i));
    out[i] = (bytes[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}
