/**
 * Writes a synthetic Ethernet capture (classic pcap) of any size: a pure function of its
 * options, so the same seed gives the same bytes on every machine. Used by the benchmarks and
 * by tests that need a realistic mix at a volume no shared capture has.
 *
 *   deno run --allow-write bench/synthetic_capture.ts --packets 1000000 --seed 1 --out F.pcap
 *
 * prints a JSON summary (packets, bytes, flows, packets per kind) on standard output.
 */
import { parseArgs } from "node:util";
import { PcapWriter } from "../capture/savefile/pcap_writer.ts";
import {
  KIND_NAMES,
  type KindName,
  MAX_FLOW_PACKETS,
  SyntheticTraffic,
  type TrafficOptions,
} from "./synthetic_traffic.ts";

/**
 * Bump whenever a change makes the same options give different bytes: benchmark caches of
 * generated files (bench/out/*.json) compare it, and a test pins the bytes it stands for.
 */
export const GENERATOR_VERSION = 1;

/** DLT_EN10MB: every synthetic frame is Ethernet. */
const DLT_EN10MB = 1;

export interface CaptureOptions extends Omit<TrafficOptions, "meanFlowPackets"> {
  /** Frames to write. */
  packets: number;
  /** The file to create (overwritten if present). */
  path: string;
  /**
   * Distinct flows wanted: sets the mean TCP/UDP/ICMP session length to packets / flows
   * (at most `MAX_FLOW_PACKETS`). Exact when it equals `packets`: every packet is then a new
   * flow. Otherwise the count lands above it, as DNS exchanges are always 2 packets and 64
   * sessions per kind are open at once; `CaptureSummary.flows` says how many it made.
   * Default: a mean of 24 packets.
   */
  flows?: number;
  /** Nanosecond timestamps (pcap magic a1b23c4d). Default false: microseconds, as tcpdump. */
  nanosecond?: boolean;
}

/** What was written. */
export interface CaptureSummary {
  packets: number;
  /** Sum of frame lengths (captured = on the wire: nothing is cut). */
  bytes: number;
  /** Size of the file, headers included. */
  fileBytes: number;
  /** Distinct flows (TCP, UDP and ICMP sessions begun; ARP is not counted). */
  flows: number;
  /** Frames per kind of traffic. */
  kinds: Record<KindName, number>;
  vlanTagged: number;
  minFrame: number;
  maxFrame: number;
  /** Capture time of the first and last frame, in seconds since the epoch. */
  firstTs: number;
  lastTs: number;
}

/** pcap file header and record header sizes (draft-ietf-opsawg-pcap). */
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** Writes the capture described by `options` to `options.path`. */
export function generateCapture(options: CaptureOptions): CaptureSummary {
  const { packets, path, flows, nanosecond, ...traffic } = options;
  if (!Number.isSafeInteger(packets) || packets < 0) {
    throw new RangeError(`Cannot generate capture: packets ${packets} is not an integer >= 0`);
  }
  if (flows !== undefined && !(flows >= 1 && flows <= Math.max(packets, 1))) {
    throw new RangeError(`Cannot generate capture: flows ${flows} is not in [1, ${packets}]`);
  }
  const meanFlowPackets = flows === undefined
    ? undefined
    : Math.min(MAX_FLOW_PACKETS, Math.max(1, packets / flows));
  const source = new SyntheticTraffic(
    meanFlowPackets === undefined ? traffic : { ...traffic, meanFlowPackets },
  );
  const kinds = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<KindName, number>;
  const summary: CaptureSummary = {
    packets,
    bytes: 0,
    fileBytes: FILE_HEADER,
    flows: 0,
    kinds,
    vlanTagged: 0,
    minFrame: packets ? Infinity : 0,
    maxFrame: 0,
    firstTs: 0,
    lastTs: 0,
  };
  const file = Deno.openSync(path, { write: true, create: true, truncate: true });
  const writer = new PcapWriter({ linkType: DLT_EN10MB, file, nanosecond: nanosecond ?? false });
  try {
    for (let i = 0; i < packets; i++) {
      const length = source.next();
      writer.writePacket(source.tsSec, source.tsNsec, source.bytes.subarray(0, length));
      const name = KIND_NAMES[source.kind] ?? "tcp4";
      kinds[name]++;
      if (source.vlanTagged) summary.vlanTagged++;
      summary.bytes += length;
      if (length < summary.minFrame) summary.minFrame = length;
      if (length > summary.maxFrame) summary.maxFrame = length;
      const ts = source.tsSec + source.tsNsec / 1e9;
      if (i === 0) summary.firstTs = ts;
      summary.lastTs = ts;
    }
  } finally {
    writer.close();
  }
  summary.flows = source.flows;
  summary.fileBytes += packets * RECORD_HEADER + summary.bytes;
  return summary;
}

const USAGE = `Usage: deno run --allow-write bench/synthetic_capture.ts --out FILE [options]
  --packets N        frames to write (default 1000000)
  --seed S           PRNG seed (default 1)
  --flows N          distinct flows wanted (default packets / 24)
  --rate PPS         mean packets per second of capture time (default 50000)
  --clients N        client hosts (default 4096)
  --servers N        servers (default 512, at most 762)
  --vlan-share X     share of sessions with an 802.1Q tag (default 0.05)
  --nanosecond       nanosecond timestamps`;

/** Parses the command line into `CaptureOptions`; throws TypeError with a usage message. */
export function parseCaptureArgs(args: string[]): CaptureOptions {
  const { values } = parseArgs({
    args,
    options: {
      packets: { type: "string", default: "1000000" },
      seed: { type: "string", default: "1" },
      out: { type: "string" },
      flows: { type: "string" },
      rate: { type: "string" },
      clients: { type: "string" },
      servers: { type: "string" },
      "vlan-share": { type: "string" },
      nanosecond: { type: "boolean", default: false },
    },
  });
  if (!values.out) throw new TypeError(`Cannot generate capture: --out is required\n${USAGE}`);
  const number = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      throw new TypeError(`Cannot generate capture: --${flag} "${text}" is not a number`);
    }
    return value;
  };
  const options: CaptureOptions = {
    packets: number("packets", values.packets) ?? 0,
    seed: number("seed", values.seed) ?? 1,
    path: values.out,
    nanosecond: values.nanosecond,
  };
  const optional = {
    flows: number("flows", values.flows),
    packetsPerSecond: number("rate", values.rate),
    clients: number("clients", values.clients),
    servers: number("servers", values.servers),
    vlanShare: number("vlan-share", values["vlan-share"]),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(options, { [key]: value });
  }
  return options;
}

if (import.meta.main) {
  try {
    const summary = generateCapture(parseCaptureArgs(Deno.args));
    console.log(JSON.stringify(summary));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(2);
  }
}
