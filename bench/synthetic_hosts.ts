/**
 * The address plan of synthetic captures: a LAN of clients behind one gateway, with a local
 * DNS resolver, talking to servers "on the internet".
 *
 * Every address comes from a block reserved for private use or documentation, so a synthetic
 * capture never names a real host: clients in 10.0.0.0/8 (RFC 1918) and fd5e:7a11:b3c4:1::/64
 * (a ULA, RFC 4193); servers in the three IPv4 TEST-NETs (RFC 5737) and 2001:db8::/32
 * (RFC 3849); MACs locally administered (the 0x02 bit of the first octet, IEEE 802).
 * 198.18.0.0/15 is left alone: the live benchmark puts its veth pair there.
 */
import type { Mac } from "./synthetic_frames.ts";

/** 10.0.1.0: clients are numbered from here, below it sit the gateway and the resolver. */
const CLIENT_V4_BASE = 0x0a00_0100;
/** Clients fit in 10.0.1.0 - 10.255.255.255. */
export const MAX_CLIENTS = 0x00ff_ff00;
export const GATEWAY_V4 = 0x0a00_0001;
export const RESOLVER_V4 = 0x0a00_0035;

/** 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24: documentation only (RFC 5737). */
const TEST_NETS = [0xc000_0200, 0xc633_6400, 0xcb00_7100] as const;
/** Hosts .1 to .254 of each TEST-NET. */
const HOSTS_PER_NET = 254;
/** Servers the plan can address without leaving the TEST-NETs. */
export const MAX_SERVERS = TEST_NETS.length * HOSTS_PER_NET;

/** Our locally administered OUI-like prefix: 02:5e. */
const MAC_HI = 0x025e;
export const GATEWAY_MAC: Mac = { hi: MAC_HI, lo: 0xffff_ff01 };
export const RESOLVER_MAC: Mac = { hi: MAC_HI, lo: 0xffff_ff35 };
export const BROADCAST_MAC: Mac = { hi: 0xffff, lo: 0xffff_ffff };

/** fd5e:7a11:b3c4:0001, the clients' /64. */
const ULA_PREFIX = [0xfd5e_7a11, 0xb3c4_0001] as const;
/** 2001:0db8:000a, under which server j gets the /64 2001:db8:a:j::/64. */
const DOC_PREFIX_HI = 0x2001_0db8;
const DOC_PREFIX_SITE = 0x000a;
/** Interface identifiers of the gateway and resolver in the ULA /64: ::1 and ::53. */
const GATEWAY_IID = 0x1;
const RESOLVER_IID = 0x53;
/** Clients' ULA interface identifiers start at ::1:0, clear of the gateway and resolver. */
const CLIENT_IID_BASE = 0x1_0000;

export function clientV4(i: number): number {
  return CLIENT_V4_BASE + i;
}

export function serverV4(j: number): number {
  const net = TEST_NETS[Math.floor(j / HOSTS_PER_NET) % TEST_NETS.length] ?? TEST_NETS[0];
  return net + 1 + (j % HOSTS_PER_NET);
}

/** The MAC of client `i`, written into `out` (reused). */
export function clientMac(i: number, out: Mac): Mac {
  out.hi = MAC_HI;
  out.lo = i >>> 0;
  return out;
}

export function clientV6(i: number, out: Uint8Array): Uint8Array {
  return write128(out, ULA_PREFIX[0], ULA_PREFIX[1], 0, CLIENT_IID_BASE + i);
}

export function serverV6(j: number, out: Uint8Array): Uint8Array {
  return write128(out, DOC_PREFIX_HI, (DOC_PREFIX_SITE << 16 | (j & 0xffff)) >>> 0, 0, 1);
}

export function gatewayV6(out: Uint8Array): Uint8Array {
  return write128(out, ULA_PREFIX[0], ULA_PREFIX[1], 0, GATEWAY_IID);
}

export function resolverV6(out: Uint8Array): Uint8Array {
  return write128(out, ULA_PREFIX[0], ULA_PREFIX[1], 0, RESOLVER_IID);
}

/**
 * fe80::/64 address made from a MAC by modified EUI-64 (RFC 4291 appendix A): ff:fe in the
 * middle and the universal/local bit flipped.
 */
export function linkLocalV6(mac: Mac, out: Uint8Array): Uint8Array {
  const hi = (mac.hi ^ 0x0200) >>> 0;
  const iidHi = (hi << 16 | (mac.lo >>> 24) << 8 | 0xff) >>> 0;
  const iidLo = (0xfe00_0000 | (mac.lo & 0x00ff_ffff)) >>> 0;
  return write128(out, 0xfe80_0000, 0, iidHi, iidLo);
}

/** ff02::1:ffXX:XXXX, the solicited-node group of an address (RFC 4291 2.7.1). */
export function solicitedNodeV6(target: Uint8Array, out: Uint8Array): Uint8Array {
  write128(out, 0xff02_0000, 0, 1, 0xff00_0000);
  out.set(target.subarray(13, 16), 13);
  return out;
}

/** 33:33 followed by the low 32 bits of an IPv6 multicast group (RFC 2464 section 7). */
export function multicastMac(group: Uint8Array, out: Mac): Mac {
  out.hi = 0x3333;
  out.lo = ((group[12] ?? 0) << 24 | (group[13] ?? 0) << 16 | (group[14] ?? 0) << 8 |
    (group[15] ?? 0)) >>> 0;
  return out;
}

function write128(out: Uint8Array, a: number, b: number, c: number, d: number): Uint8Array {
  const view = new DataView(out.buffer, out.byteOffset, 16);
  view.setUint32(0, a >>> 0);
  view.setUint32(4, b >>> 0);
  view.setUint32(8, c >>> 0);
  view.setUint32(12, d >>> 0);
  return out;
}
