/**
 * Test helpers: Ethernet/IPv4 frames around a payload, for the cases no capture has (a
 * ClientHello cut in three, fragments out of order). Checksums are left zero: nothing here
 * verifies them.
 */
import { DecodedPacket } from "../../decode/packet.ts";
import { decodeFrame } from "../../decode/decoder.ts";
import type { AppInspector } from "../app_inspector.ts";
import type { NameEvent } from "../name_event.ts";
import { hexBytes } from "./hex.ts";

const ETH_IPV4 = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
export const CLIENT = [192, 0, 2, 10];
export const SERVER = [198, 51, 100, 20];

export interface Ipv4Options {
  proto: number;
  id?: number;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset?: number;
  moreFragments?: boolean;
  src?: number[];
  dst?: number[];
}

/** An Ethernet frame with an IPv4 header (no options) around `body`. */
export function ipv4Frame(body: Uint8Array, o: Ipv4Options): Uint8Array {
  const total = 20 + body.length;
  const flags = (o.moreFragments ? 0x2000 : 0) | ((o.fragOffset ?? 0) / 8);
  const ip = [
    0x45,
    0,
    total >> 8,
    total & 0xff,
    (o.id ?? 1) >> 8,
    (o.id ?? 1) & 0xff,
    flags >> 8,
    flags & 0xff,
    64,
    o.proto,
    0,
    0,
    ...(o.src ?? CLIENT),
    ...(o.dst ?? SERVER),
  ];
  return Uint8Array.from([...ETH_IPV4, ...ip, ...body]);
}

/** A UDP header and `payload`, as an IP payload. */
export function udpBody(payload: Uint8Array, sport: number, dport: number): Uint8Array {
  const len = 8 + payload.length;
  return Uint8Array.from([
    sport >> 8,
    sport & 0xff,
    dport >> 8,
    dport & 0xff,
    len >> 8,
    len & 0xff,
    0,
    0,
    ...payload,
  ]);
}

/** An Ethernet/IPv4/UDP frame around `payload`. */
export function udpFrame(payload: Uint8Array, sport: number, dport: number): Uint8Array {
  return ipv4Frame(udpBody(payload, sport, dport), { proto: 17 });
}

/** An Ethernet/IPv4/TCP frame (PSH+ACK, no options) around `payload`. */
export function tcpFrame(
  payload: Uint8Array,
  seq: number,
  sport = 49152,
  dport = 443,
): Uint8Array {
  const tcp = [
    sport >> 8,
    sport & 0xff,
    dport >> 8,
    dport & 0xff,
    (seq >>> 24) & 0xff,
    (seq >>> 16) & 0xff,
    (seq >>> 8) & 0xff,
    seq & 0xff,
    0,
    0,
    0,
    1,
    0x50,
    0x18,
    0xff,
    0xff,
    0,
    0,
    0,
    0,
  ];
  return ipv4Frame(Uint8Array.from([...tcp, ...payload]), { proto: 6 });
}

/** Bytes of an ASCII string. */
export function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Decode `frame` (link type `linkType`, default Ethernet) from a buffer exactly its length,
 * inspect it at packet time `ts` seconds, and return the events drained.
 */
export function inspectFrame(
  inspector: AppInspector,
  frame: Uint8Array | string,
  ts = 0,
  linkType = 1,
): NameEvent[] {
  const bytes = typeof frame === "string" ? hexBytes(frame) : frame.slice();
  const view = new DataView(bytes.buffer);
  const packet = new DecodedPacket();
  decodeFrame(linkType, view, 0, bytes.length, bytes.length, packet);
  packet.tsSec = Math.floor(ts);
  packet.tsNsec = Math.round((ts - Math.floor(ts)) * 1e9);
  inspector.inspect(packet, view, 0, bytes.length);
  return inspector.drain();
}
