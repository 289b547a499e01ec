/**
 * The networks that count as "ours", so that traffic can be called incoming, outgoing, local or
 * transit. Built from the capture interface's addresses and netmasks, from `--local-net` flags,
 * or, for a capture file with neither, from the private ranges.
 *
 * Membership tests run per packet: prefixes live in typed arrays scanned linearly (the set is
 * small and bounded), and nothing is allocated.
 */

import { parseAddress } from "../../net/ip_format.ts";
import { AddressClass, classifyBytes } from "./address_class.ts";
import { type Cidr, cidrFromNetmask, formatCidr, parseCidr } from "./cidr.ts";

/**
 * Prefixes held at most. A host has a handful of addresses; the bound keeps the per-packet scan
 * short even if a machine with many VLAN or container interfaces is captured with `any`.
 */
export const MAX_LOCAL_NETWORKS = 256;

/** An interface's addresses as plain data (what `ffi/devices.ts` lists satisfies it). */
export interface InterfaceAddresses {
  addresses: readonly { address: string; netmask?: string | undefined }[];
}

/** Where a packet goes relative to the local networks. */
export const Direction = {
  /** Both ends local (or on-link: multicast, broadcast, link-local, loopback). */
  local: 0,
  /** From a remote address to a local one. */
  in: 1,
  /** From a local address to a remote one. */
  out: 2,
  /** Neither end local: a mirror port or a router seeing others' traffic. */
  transit: 3,
} as const;
export type Direction = typeof Direction[keyof typeof Direction];
export const DIRECTION_NAMES = ["local", "in", "out", "transit"] as const;
export type DirectionName = typeof DIRECTION_NAMES[number];

/**
 * RFC 1918, RFC 6598 and RFC 4193 space plus link-local: the guess for a capture file, where no
 * interface tells us which networks were ours.
 */
export const PRIVATE_RANGES: readonly string[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
];

export class LocalNetworks {
  readonly #v4Net = new Uint32Array(MAX_LOCAL_NETWORKS);
  readonly #v4Mask = new Uint32Array(MAX_LOCAL_NETWORKS);
  /** Directed broadcast address of each IPv4 prefix (RFC 919 section 7), 0 for /31 and /32. */
  readonly #v4Broadcast = new Uint32Array(MAX_LOCAL_NETWORKS);
  #v4Count = 0;
  readonly #v6Net = new Uint8Array(MAX_LOCAL_NETWORKS * 16);
  readonly #v6Prefix = new Uint8Array(MAX_LOCAL_NETWORKS);
  #v6Count = 0;
  readonly #cidrs: Cidr[] = [];

  /** Parse `--local-net` values; throws the first invalid one's message. */
  static fromStrings(texts: readonly string[], source = "--local-net"): LocalNetworks {
    const set = new LocalNetworks();
    for (const text of texts) set.add(parseCidr(text, source));
    return set;
  }

  /** Every address of the given interfaces, with its netmask; addresses without one are hosts. */
  static fromDevices(devices: readonly InterfaceAddresses[]): LocalNetworks {
    const set = new LocalNetworks();
    for (const device of devices) {
      for (const a of device.addresses) {
        const cidr = a.netmask === undefined ? hostCidr(a.address) : cidrFromNetmask(
          a.address,
          a.netmask,
        );
        if (cidr !== null) set.add(cidr);
      }
    }
    return set;
  }

  /** The private-range guess used for capture files (see PRIVATE_RANGES). */
  static fromPrivateRanges(): LocalNetworks {
    return LocalNetworks.fromStrings(PRIVATE_RANGES, "private range");
  }

  /** Add a prefix; duplicates are ignored. Throws RangeError past MAX_LOCAL_NETWORKS. */
  add(cidr: Cidr): void {
    if (
      this.#cidrs.some((c) =>
        c.len === cidr.len && c.prefix === cidr.prefix &&
        c.bytes.every((b, i) => b === cidr.bytes[i])
      )
    ) return;
    if (this.#cidrs.length >= MAX_LOCAL_NETWORKS) {
      throw new RangeError(
        `Cannot add local network ${formatCidr(cidr)}: at most ${MAX_LOCAL_NETWORKS} allowed`,
      );
    }
    this.#cidrs.push(cidr);
    if (cidr.len === 4) {
      const i = this.#v4Count++;
      const net = new DataView(cidr.bytes.buffer, cidr.bytes.byteOffset).getUint32(0);
      const mask = cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0;
      this.#v4Net[i] = net;
      this.#v4Mask[i] = mask;
      this.#v4Broadcast[i] = cidr.prefix >= 31 ? 0 : (net | ~mask) >>> 0;
    } else {
      const i = this.#v6Count++;
      this.#v6Net.set(cidr.bytes, i * 16);
      this.#v6Prefix[i] = cidr.prefix;
    }
  }

  /** Number of prefixes held. */
  get size(): number {
    return this.#cidrs.length;
  }

  /** The prefixes as text, in the order they were added. */
  list(): string[] {
    return this.#cidrs.map(formatCidr);
  }

  /** True when the IPv4 address (an unsigned 32-bit number) is inside a local prefix. */
  containsIPv4(addr: number): boolean {
    for (let i = 0; i < this.#v4Count; i++) {
      if (((addr & (this.#v4Mask[i] ?? 0)) >>> 0) === this.#v4Net[i]) return true;
    }
    return false;
  }

  /** True when the 16-byte IPv6 address at `offset` is inside a local prefix. */
  containsIPv6(bytes: Uint8Array, offset = 0): boolean {
    for (let i = 0; i < this.#v6Count; i++) {
      if (this.#matchV6(i, bytes, offset)) return true;
    }
    return false;
  }

  /** True when the address of `len` bytes (4 or 16) at `offset` is inside a local prefix. */
  containsBytes(bytes: Uint8Array, len: number, offset = 0): boolean {
    if (len === 4) return this.containsIPv4(readUint32(bytes, offset));
    return len === 16 && this.containsIPv6(bytes, offset);
  }

  /** True when the address text is inside a local prefix; false for text that is no address. */
  contains(address: string): boolean {
    const parsed = parseAddress(address);
    return parsed !== null && this.containsBytes(parsed.bytes, parsed.len);
  }

  /**
   * True when the address is on this side: inside a local prefix, the directed broadcast of one,
   * or of a class that never leaves the link or host (loopback, link-local, multicast, limited
   * broadcast, unspecified as a DHCP client's source, RFC 2131 section 4.1).
   */
  isLocalSide(bytes: Uint8Array, len: number, offset = 0): boolean {
    if (this.containsBytes(bytes, len, offset)) return true;
    if (len === 4 && this.#isDirectedBroadcast(readUint32(bytes, offset))) return true;
    const cls = classifyBytes(bytes, len, offset);
    return cls === AddressClass.loopback || cls === AddressClass.linkLocal ||
      cls === AddressClass.multicast || cls === AddressClass.broadcast ||
      cls === AddressClass.unspecified;
  }

  /** Direction of a packet whose addresses of `len` bytes sit at `srcOffset` and `dstOffset`. */
  directionBytes(
    src: Uint8Array,
    dst: Uint8Array,
    len: number,
    srcOffset = 0,
    dstOffset = 0,
  ): Direction {
    const srcLocal = this.isLocalSide(src, len, srcOffset);
    const dstLocal = this.isLocalSide(dst, len, dstOffset);
    if (srcLocal) return dstLocal ? Direction.local : Direction.out;
    return dstLocal ? Direction.in : Direction.transit;
  }

  /** Direction of a packet between two address texts: "in", "out", "local" or "transit". */
  direction(src: string, dst: string): DirectionName {
    const s = parseAddress(src);
    const d = parseAddress(dst);
    if (s === null || d === null || s.len !== d.len) return "transit";
    return DIRECTION_NAMES[this.directionBytes(s.bytes, d.bytes, s.len)];
  }

  #isDirectedBroadcast(addr: number): boolean {
    for (let i = 0; i < this.#v4Count; i++) {
      if (this.#v4Broadcast[i] !== 0 && this.#v4Broadcast[i] === addr) return true;
    }
    return false;
  }

  #matchV6(i: number, bytes: Uint8Array, offset: number): boolean {
    const prefix = this.#v6Prefix[i] ?? 0;
    const base = i * 16;
    const whole = prefix >>> 3;
    for (let k = 0; k < whole; k++) {
      if ((bytes[offset + k] ?? 0) !== (this.#v6Net[base + k] ?? 0)) return false;
    }
    const rest = prefix & 7;
    if (rest === 0) return true;
    const mask = (0xff << (8 - rest)) & 0xff;
    return ((bytes[offset + whole] ?? 0) & mask) === (this.#v6Net[base + whole] ?? 0);
  }
}

function hostCidr(address: string): Cidr | null {
  const parsed = parseAddress(address);
  return parsed === null ? null : { len: parsed.len, bytes: parsed.bytes, prefix: parsed.len * 8 };
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) |
    ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}
