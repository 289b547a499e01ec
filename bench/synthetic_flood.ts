/**
 * Writes a synthetic capture with an attack in it: the ordinary synthetic mix
 * (`SyntheticTraffic`) as background, and for a stretch in the middle one of three floods
 * interleaved at its own rate. A pure function of its options, like `synthetic_capture.ts`.
 * Used by the alert tests (each flood must raise its alert, naming the right subject) and
 * for trying the detectors by hand:
 *
 *   deno run --allow-write bench/synthetic_flood.ts --kind syn --out syn_flood.pcap
 *
 * - `syn`: SYNs from spoofed random sources to VICTIM port 80 (a classic SYN flood);
 * - `icmp`: echo requests from ATTACKER to VICTIM;
 * - `udp`: datagrams from ATTACKER to VICTIM port 9999 (one-source UDP flood).
 */
import { parseArgs } from "node:util";
import { PcapWriter } from "../capture/savefile/pcap_writer.ts";
import { Prng } from "./prng.ts";
import {
  ETHERNET_HEADER,
  ETHERTYPE_IPV4,
  finishTransport,
  ICMP_ECHO_HEADER,
  IPV4_HEADER,
  type Mac,
  PROTO_ICMP,
  PROTO_TCP,
  PROTO_UDP,
  writeEthernet,
  writeIPv4,
  writeTcp,
  writeUdp,
} from "./synthetic_frames.ts";
import { SyntheticTraffic } from "./synthetic_traffic.ts";

export type FloodKind = "syn" | "icmp" | "udp";
export const FLOOD_KINDS: readonly FloodKind[] = ["syn", "icmp", "udp"];
/** The flooded host (TEST-NET-3, never a real host). */
export const VICTIM = "203.0.113.80";
/** The one source of the ICMP and UDP floods (TEST-NET-2). */
export const ATTACKER = "198.51.100.66";
export const SYN_FLOOD_PORT = 80;
export const UDP_FLOOD_PORT = 9999;

const VICTIM_V4 = 0xcb00_7150;
const ATTACKER_V4 = 0xc633_6442;
const DLT_EN10MB = 1;
const NS_PER_SEC = 1_000_000_000;
const UDP_FLOOD_PAYLOAD = 512;
const ICMP_PAYLOAD = 56;
const FLOOD_MAC: Mac = { hi: 0x0200, lo: 0x0000_0066 };
const VICTIM_MAC: Mac = { hi: 0x0200, lo: 0x0000_0080 };

export interface FloodOptions {
  kind: FloodKind;
  path: string;
  seed?: number;
  /** Seconds of background before, during and after the flood. Default 20, 10 in the middle. */
  seconds?: number;
  floodSeconds?: number;
  /** Background packets per second (default 2,000) and flood packets per second (10,000). */
  backgroundPps?: number;
  floodPps?: number;
}

export interface FloodSummary {
  packets: number;
  floodPackets: number;
  firstTs: number;
  lastTs: number;
}

/** Writes the capture; returns what it holds. */
export function generateFlood(o: FloodOptions): FloodSummary {
  const seconds = o.seconds ?? 20;
  const floodSeconds = o.floodSeconds ?? 10;
  const floodPps = o.floodPps ?? 10_000;
  const background = new SyntheticTraffic({
    seed: o.seed ?? 1,
    packetsPerSecond: o.backgroundPps ?? 2000,
  });
  const prng = new Prng((o.seed ?? 1) ^ 0x5eed);
  const startNs = background.tsSec * NS_PER_SEC;
  const floodStartNs = startNs + ((seconds - floodSeconds) / 2) * NS_PER_SEC;
  const floodEndNs = floodStartNs + floodSeconds * NS_PER_SEC;
  const endNs = startNs + seconds * NS_PER_SEC;
  const gapNs = NS_PER_SEC / floodPps;
  const frame = new Uint8Array(ETHERNET_HEADER + IPV4_HEADER + 8 + UDP_FLOOD_PAYLOAD);
  const view = new DataView(frame.buffer);
  const file = Deno.openSync(o.path, { write: true, create: true, truncate: true });
  const writer = new PcapWriter({ linkType: DLT_EN10MB, file, nanosecond: true });
  const summary: FloodSummary = { packets: 0, floodPackets: 0, firstTs: 0, lastTs: 0 };
  let floodNs = floodStartNs;
  let serial = 0;
  try {
    let length = background.next();
    for (;;) {
      const bgNs = background.tsSec * NS_PER_SEC + background.tsNsec;
      const floodDue = floodNs < floodEndNs && floodNs <= bgNs;
      const ns = floodDue ? floodNs : bgNs;
      if (ns >= endNs) break;
      const sec = Math.floor(ns / NS_PER_SEC);
      if (floodDue) {
        const n = writeFloodFrame(o.kind, frame, view, prng, serial++);
        writer.writePacket(sec, ns - sec * NS_PER_SEC, frame.subarray(0, n));
        floodNs += gapNs;
        summary.floodPackets++;
      } else {
        writer.writePacket(
          background.tsSec,
          background.tsNsec,
          background.bytes.subarray(0, length),
        );
        length = background.next();
      }
      if (summary.packets === 0) summary.firstTs = ns / NS_PER_SEC;
      summary.lastTs = ns / NS_PER_SEC;
      summary.packets++;
    }
  } finally {
    writer.close();
  }
  return summary;
}

function writeFloodFrame(
  kind: FloodKind,
  frame: Uint8Array,
  view: DataView,
  prng: Prng,
  serial: number,
): number {
  const l3 = writeEthernet(view, 0, VICTIM_MAC, FLOOD_MAC, -1, ETHERTYPE_IPV4);
  if (kind === "syn") {
    // Spoofed sources anywhere in 100.64.0.0/10 (shared address space, RFC 6598).
    const src = (0x6440_0000 | (prng.u32() & 0x003f_ffff)) >>> 0;
    const tcpLength = 40; // 20 bytes of header, 20 of SYN options
    const l4 = writeIPv4(view, l3, src, VICTIM_V4, PROTO_TCP, tcpLength, 64, serial);
    const end = writeTcp(view, l4, {
      srcPort: 1024 + (prng.u32() % 64_000),
      dstPort: SYN_FLOOD_PORT,
      seq: prng.u32(),
      ack: 0,
      flags: 0x02,
      window: 64_240,
      tsVal: serial,
      tsEcr: 0,
    }, false);
    finishTransport(view, l3, l4, end, end, 0);
    return end;
  }
  if (kind === "icmp") {
    const l4 = writeIPv4(
      view,
      l3,
      ATTACKER_V4,
      VICTIM_V4,
      PROTO_ICMP,
      ICMP_ECHO_HEADER + ICMP_PAYLOAD,
      64,
      serial,
    );
    view.setUint8(l4, 8); // echo request (RFC 792)
    view.setUint8(l4 + 1, 0);
    view.setUint16(l4 + 2, 0);
    view.setUint16(l4 + 4, 0x4242);
    view.setUint16(l4 + 6, serial & 0xffff);
    const end = l4 + ICMP_ECHO_HEADER + ICMP_PAYLOAD;
    frame.fill(0x61, l4 + ICMP_ECHO_HEADER, end);
    finishTransport(view, l3, l4, end, end, 0);
    // The payload is in place now: sum it in with the header.
    view.setUint16(l4 + 2, 0);
    finishTransport(view, l3, l4, end, end, sumPayload(view, l4 + ICMP_ECHO_HEADER, end));
    return end;
  }
  const l4 = writeIPv4(
    view,
    l3,
    ATTACKER_V4,
    VICTIM_V4,
    PROTO_UDP,
    8 + UDP_FLOOD_PAYLOAD,
    64,
    serial,
  );
  const payload = writeUdp(view, l4, 40_000 + (serial % 1000), UDP_FLOOD_PORT, UDP_FLOOD_PAYLOAD);
  const end = payload + UDP_FLOOD_PAYLOAD;
  frame.fill(0x55, payload, end);
  finishTransport(view, l3, l4, payload, end, sumPayload(view, payload, end));
  return end;
}

function sumPayload(view: DataView, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i + 1 < to; i += 2) sum += view.getUint16(i);
  if ((to - from) & 1) sum += view.getUint8(to - 1) << 8;
  return sum;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      kind: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
    },
  });
  const kind = values.kind as FloodKind;
  if (!FLOOD_KINDS.includes(kind) || !values.out) {
    console.error("Usage: synthetic_flood.ts --kind syn|icmp|udp --out FILE [--seed N]");
    Deno.exit(2);
  }
  console.log(JSON.stringify(generateFlood({
    kind,
    path: values.out,
    seed: Number(values.seed ?? 1),
  })));
}
