/**
 * Test helpers: headers written layer by layer, for the encapsulations no corpus capture has.
 * Each function returns its header followed by `payload`; checksums stay zero (neither tshark
 * by default nor the decoder verifies them). The frames built from these are checked against
 * tshark by `encapsulations_oracle_test.ts`, so a mistake here shows up as a disagreement.
 */
import { concat } from "./fixture.ts";

export const MAC_A = [0x02, 0, 0, 0, 0, 0x0a];
export const MAC_B = [0x02, 0, 0, 0, 0, 0x0b];

/** Bytes from numbers, each 0..255. */
export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function u16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function u16le(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff];
}

export function u32le(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** Dotted-quad text to 4 bytes. */
export function v4(text: string): number[] {
  return text.split(".").map(Number);
}

/** An IPv6 address of the documentation prefix 2001:db8::/32 ending in `last`. */
export function v6(last: number): number[] {
  return [0x20, 0x01, 0x0d, 0xb8, ...new Array(10).fill(0), ...u16(last)];
}

export function ethernet(type: number, payload: Uint8Array, dst = MAC_B, src = MAC_A): Uint8Array {
  return concat(bytes(...dst, ...src, ...u16(type)), payload);
}

export interface Ipv4Header {
  src?: string;
  dst?: string;
  proto: number;
  /** The total length field; defaults to the true length (a lie when set otherwise). */
  totalLen?: number;
}

export function ipv4(h: Ipv4Header, payload: Uint8Array): Uint8Array {
  const total = h.totalLen ?? 20 + payload.length;
  return concat(
    bytes(
      0x45,
      0,
      ...u16(total),
      0,
      1,
      0x40,
      0,
      64,
      h.proto,
      0,
      0,
      ...v4(h.src ?? "192.0.2.1"),
      ...v4(h.dst ?? "198.51.100.2"),
    ),
    payload,
  );
}

export interface Ipv6Header {
  src?: number;
  dst?: number;
  next: number;
  /** The payload length field; defaults to the true length. */
  payloadLen?: number;
}

export function ipv6(h: Ipv6Header, payload: Uint8Array): Uint8Array {
  const len = h.payloadLen ?? payload.length;
  return concat(
    bytes(0x60, 0, 0, 0, ...u16(len), h.next, 64, ...v6(h.src ?? 1), ...v6(h.dst ?? 2)),
    payload,
  );
}

export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return concat(bytes(...u16(sport), ...u16(dport), ...u16(8 + payload.length), 0, 0), payload);
}

/** A TCP segment with PSH+ACK and no options. */
export function tcp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return concat(
    bytes(...u16(sport), ...u16(dport), 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0),
    payload,
  );
}

/** A DNS query (RD set) with one question for `name`, type A. */
export function dnsQuery(name: string, id = 0x1234): Uint8Array {
  const labels: number[] = [];
  for (const label of name.split(".")) {
    labels.push(label.length, ...new TextEncoder().encode(label));
  }
  return bytes(...u16(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1);
}

/** An IPv4/UDP DNS query for `name` from `src`. */
export function ipv4Dns(name: string, src = "192.0.2.1"): Uint8Array {
  return ipv4({ proto: 17, src }, udp(40000, 53, dnsQuery(name)));
}

/** An IPv6/UDP DNS query for `name`. */
export function ipv6Dns(name: string, src = 1): Uint8Array {
  return ipv6({ next: 17, src }, udp(40000, 53, dnsQuery(name)));
}

/** An IPv4/TCP segment carrying an HTTP GET with `host`. */
export function ipv4Http(host: string, src = "192.0.2.1"): Uint8Array {
  const request = new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  return ipv4({ proto: 6, src }, tcp(40001, 80, request));
}

/** LLC/SNAP (RFC 1042) announcing `etherType`. */
export function snap(etherType: number, payload: Uint8Array): Uint8Array {
  return concat(bytes(0xaa, 0xaa, 0x03, 0, 0, 0, ...u16(etherType)), payload);
}
