/**
 * What kind of address an IP address is: loopback, private, link-local, multicast, broadcast,
 * CGNAT shared space, a bogon (documentation, benchmarking, reserved or unspecified), or global.
 *
 * The table follows the IANA special-purpose address registries that RFC 6890 set up, with the
 * RFC that reserved each block cited beside it. The fast functions take the forms the decoder
 * already holds (IPv4 as an unsigned 32-bit number, IPv6 as 16 bytes in network order), branch
 * on the first octet and allocate nothing, so they can run per packet; `classifyAddress()` takes
 * text for the API and the CLI.
 */

import { parseAddress } from "../../net/ip_format.ts";

/** Address classes, numbered so a hot path can store them in a typed array. */
export const AddressClass = {
  /** Nothing in the tables below: publicly routable unicast. */
  global: 0,
  /** 0.0.0.0/32 (RFC 1122 section 3.2.1.3), ::/128 (RFC 4291 section 2.5.2). */
  unspecified: 1,
  /** 127.0.0.0/8 (RFC 1122 section 3.2.1.3), ::1/128 (RFC 4291 section 2.5.3). */
  loopback: 2,
  /** 10/8, 172.16/12, 192.168/16 (RFC 1918); fc00::/7 unique local (RFC 4193). */
  private: 3,
  /** 100.64.0.0/10, carrier-grade NAT shared address space (RFC 6598). */
  shared: 4,
  /** 169.254.0.0/16 (RFC 3927), fe80::/10 (RFC 4291 section 2.5.6). */
  linkLocal: 5,
  /** 224.0.0.0/4 (RFC 5771), ff00::/8 (RFC 4291 section 2.7). */
  multicast: 6,
  /** 255.255.255.255/32, limited broadcast (RFC 919 section 7, RFC 8190). */
  broadcast: 7,
  /**
   * 192.0.2/24, 198.51.100/24, 203.0.113/24 (RFC 5737); 2001:db8::/32 (RFC 3849);
   * 3fff::/20 (RFC 9637).
   */
  documentation: 8,
  /** 198.18.0.0/15 (RFC 2544), 2001:2::/48 (RFC 5180). */
  benchmark: 9,
  /**
   * Never valid on the wire as a source or destination: 0.0.0.0/8 "this network" (RFC 1122
   * section 3.2.1.3), 192.0.0.0/24 IETF protocol assignments (RFC 6890 section 2.2.2),
   * 240.0.0.0/4 (RFC 1112 section 4), ::/8 apart from the forms above (RFC 4291 section 2.4),
   * 100::/64 discard-only (RFC 6666), fec0::/10 deprecated site-local (RFC 3879).
   */
  reserved: 10,
} as const;
export type AddressClass = typeof AddressClass[keyof typeof AddressClass];

/** Names for the API, indexed by class number. */
export const ADDRESS_CLASS_NAMES: readonly string[] = [
  "global",
  "unspecified",
  "loopback",
  "private",
  "shared",
  "link-local",
  "multicast",
  "broadcast",
  "documentation",
  "benchmark",
  "reserved",
];

/** Name of a class: "private", "link-local", ... */
export function addressClassName(cls: AddressClass): string {
  return ADDRESS_CLASS_NAMES[cls] ?? "global";
}

/**
 * True for the classes that must never appear on the public Internet and are not ordinary
 * local use either (the "bogons" of a border router's filter): a packet to or from one is a
 * misconfiguration, a spoof or a lab.
 */
export function isBogon(cls: AddressClass): boolean {
  return cls === AddressClass.unspecified || cls === AddressClass.documentation ||
    cls === AddressClass.benchmark || cls === AddressClass.reserved;
}

/** Class of an IPv4 address held as an unsigned 32-bit number (host order of the value). */
export function classifyIPv4(addr: number): AddressClass {
  const a = addr >>> 24;
  const b = (addr >>> 16) & 0xff;
  const c = (addr >>> 8) & 0xff;
  switch (a) {
    case 0:
      return (addr >>> 0) === 0 ? AddressClass.unspecified : AddressClass.reserved;
    case 10:
      return AddressClass.private;
    case 100:
      return (b & 0xc0) === 64 ? AddressClass.shared : AddressClass.global;
    case 127:
      return AddressClass.loopback;
    case 169:
      return b === 254 ? AddressClass.linkLocal : AddressClass.global;
    case 172:
      return (b & 0xf0) === 16 ? AddressClass.private : AddressClass.global;
    case 192:
      if (b === 168) return AddressClass.private;
      if (b === 0 && c === 0) return AddressClass.reserved;
      if (b === 0 && c === 2) return AddressClass.documentation;
      return AddressClass.global;
    case 198:
      if ((b & 0xfe) === 18) return AddressClass.benchmark;
      return b === 51 && c === 100 ? AddressClass.documentation : AddressClass.global;
    case 203:
      return b === 0 && c === 113 ? AddressClass.documentation : AddressClass.global;
  }
  if (a >= 224 && a <= 239) return AddressClass.multicast;
  if (a >= 240) return (addr >>> 0) === 0xffffffff ? AddressClass.broadcast : AddressClass.reserved;
  return AddressClass.global;
}

/** Class of the IPv4 address in the four bytes at `offset`. */
export function classifyIPv4Bytes(bytes: Uint8Array, offset = 0): AddressClass {
  return classifyIPv4(readUint32(bytes, offset));
}

/** Class of the IPv6 address in the sixteen bytes at `offset`. */
export function classifyIPv6(bytes: Uint8Array, offset = 0): AddressClass {
  const b0 = bytes[offset] ?? 0;
  const b1 = bytes[offset + 1] ?? 0;
  if (b0 === 0xff) return AddressClass.multicast;
  if (b0 === 0xfc || b0 === 0xfd) return AddressClass.private;
  if (b0 === 0xfe) {
    if ((b1 & 0xc0) === 0x80) return AddressClass.linkLocal;
    if ((b1 & 0xc0) === 0xc0) return AddressClass.reserved;
    return AddressClass.global;
  }
  if (b0 === 0x00) return classifyLowIPv6(bytes, offset);
  if (b0 === 0x01 && b1 === 0x00 && zeroRun(bytes, offset + 2, 6)) return AddressClass.reserved;
  if (b0 === 0x20 && b1 === 0x01) {
    const b2 = bytes[offset + 2] ?? 0;
    const b3 = bytes[offset + 3] ?? 0;
    if (b2 === 0x0d && b3 === 0xb8) return AddressClass.documentation;
    if (
      b2 === 0x00 && b3 === 0x02 && (bytes[offset + 4] ?? 0) === 0 &&
      (bytes[offset + 5] ?? 0) === 0
    ) {
      return AddressClass.benchmark;
    }
    return AddressClass.global;
  }
  if (b0 === 0x3f && b1 === 0xff && ((bytes[offset + 2] ?? 0) & 0xf0) === 0) {
    return AddressClass.documentation;
  }
  return AddressClass.global;
}

/** Class of an address of `len` bytes (4 or 16); reserved for any other length. */
export function classifyBytes(bytes: Uint8Array, len: number, offset = 0): AddressClass {
  if (len === 4) return classifyIPv4Bytes(bytes, offset);
  if (len === 16) return classifyIPv6(bytes, offset);
  return AddressClass.reserved;
}

/** Class of an address given as text; null when the text is not an IP address. */
export function classifyAddress(text: string): AddressClass | null {
  const parsed = parseAddress(text);
  return parsed === null ? null : classifyBytes(parsed.bytes, parsed.len);
}

/** ::/8: unspecified, loopback, and IPv4-mapped (classed by the IPv4 address they carry). */
function classifyLowIPv6(bytes: Uint8Array, offset: number): AddressClass {
  if (!zeroRun(bytes, offset, 10)) return AddressClass.reserved;
  const g5 = ((bytes[offset + 10] ?? 0) << 8) | (bytes[offset + 11] ?? 0);
  // ::ffff:a.b.c.d carries an IPv4 address for dual-stack sockets (RFC 4291 section 2.5.5.2).
  if (g5 === 0xffff) return classifyIPv4(readUint32(bytes, offset + 12));
  if (g5 !== 0) return AddressClass.reserved;
  const low = readUint32(bytes, offset + 12);
  if (low === 0) return AddressClass.unspecified;
  if (low === 1) return AddressClass.loopback;
  // ::a.b.c.d, IPv4-compatible, deprecated by RFC 4291 section 2.5.5.1.
  return AddressClass.reserved;
}

function zeroRun(bytes: Uint8Array, from: number, count: number): boolean {
  for (let i = 0; i < count; i++) if ((bytes[from + i] ?? 0) !== 0) return false;
  return true;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) |
    ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}
