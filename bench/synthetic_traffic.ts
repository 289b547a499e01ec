/**
 * An endless, deterministic stream of realistic Ethernet frames: the source of synthetic
 * captures (`synthetic_capture.ts`) and of the decoder micro-benchmarks.
 *
 * Each frame first draws its kind from the mix, so the mix holds per packet; then it advances
 * one of `CONCURRENT_SESSIONS` open sessions of that kind, so conversations interleave as on a
 * busy link. A session that has emitted all its packets is replaced by a new one with a new
 * client port. Frames are written into one reused buffer: read it before the next `next()`.
 */
import { Prng } from "./prng.ts";
import { makeDnsNames } from "./synthetic_dns.ts";
import { MAX_FRAME } from "./synthetic_frames.ts";
import { MAX_CLIENTS, MAX_SERVERS } from "./synthetic_hosts.ts";
import { type FrameContext, writePacket } from "./synthetic_packets.ts";
import { Kind, KIND_NAMES, type KindName, Session, type SessionPlan } from "./synthetic_session.ts";

export { Kind, KIND_NAMES, type KindName };

/** Relative weight of each kind of packet. */
export type TrafficMix = Record<KindName, number>;

/**
 * The default mix, in percent of packets: roughly what a campus or office uplink shows, mostly
 * TCP (web), a fifth of it over IPv6, DNS about one packet in eight, a little ICMP and ARP.
 */
export const DEFAULT_MIX: Readonly<TrafficMix> = {
  tcp4: 52,
  udp4: 8,
  dns4: 10,
  icmp4: 3,
  tcp6: 14,
  udp6: 4,
  dns6: 3,
  icmp6: 3,
  arp: 3,
};

export interface TrafficOptions {
  seed: number;
  /** Weights per kind; kinds left out keep their default weight, 0 turns a kind off. */
  mix?: Partial<TrafficMix>;
  /**
   * Mean packets per TCP, UDP and ICMP session (sessions are exponentially distributed around
   * it); DNS and ARP sessions are two packets, one when this is below 2. With 1, every packet
   * is a new flow. Default 24.
   */
  meanFlowPackets?: number;
  /** Share of sessions carried in an 802.1Q tag. Default 0.05. */
  vlanShare?: number;
  /** Distinct client hosts on the LAN. Default 4096. */
  clients?: number;
  /** Distinct servers (at most `MAX_SERVERS`). Default 512. */
  servers?: number;
  /** Mean packets per second of capture time (Poisson arrivals). Default 50,000. */
  packetsPerSecond?: number;
  /** Capture time of the first packet, in seconds since the epoch. Default 1,700,000,000. */
  startSec?: number;
}

/** Open sessions per kind: enough that neighbouring packets rarely belong to one flow. */
export const CONCURRENT_SESSIONS = 64;
/** The longest session; the exponential tail would otherwise allow any length at all. */
export const MAX_FLOW_PACKETS = 100_000;
/** Pseudo-random bytes that payloads are cut from; its word sums make checksums O(1). */
const PAYLOAD_POOL = 4096;
const NS_PER_SEC = 1_000_000_000;

export class SyntheticTraffic implements FrameContext {
  readonly bytes = new Uint8Array(MAX_FRAME);
  readonly view = new DataView(this.bytes.buffer);
  readonly prng: Prng;
  /** Length of the current frame (captured and on the wire). */
  length = 0;
  tsSec: number;
  tsNsec = 0;
  /** Kind of the current frame, and whether it carries a VLAN tag. */
  kind: Kind = Kind.tcp4;
  vlanTagged = false;
  /** Sessions begun so far, ARP excluded: every one is a distinct flow. */
  flows = 0;

  readonly #cumulative: Float64Array;
  readonly #pools: Session[][];
  readonly #plan: SessionPlan;
  readonly #meanFlowPackets: number;
  readonly #meanGapNs: number;
  readonly #pool = new Uint8Array(PAYLOAD_POOL);
  readonly #poolSums = new Float64Array(PAYLOAD_POOL / 2 + 1);
  #serial = 0;

  constructor(options: TrafficOptions) {
    this.prng = new Prng(options.seed);
    const mix = { ...DEFAULT_MIX, ...options.mix };
    this.#cumulative = cumulativeWeights(mix);
    const clients = options.clients ?? 4096;
    const servers = options.servers ?? 512;
    const vlanShare = options.vlanShare ?? 0.05;
    checkRange("clients", clients, 1, MAX_CLIENTS);
    checkRange("servers", servers, 1, MAX_SERVERS);
    checkRange("vlanShare", vlanShare, 0, 1);
    this.#plan = { clients, servers, vlanShare };
    this.#meanFlowPackets = options.meanFlowPackets ?? 24;
    checkRange("meanFlowPackets", this.#meanFlowPackets, 1, MAX_FLOW_PACKETS);
    const rate = options.packetsPerSecond ?? 50_000;
    checkRange("packetsPerSecond", rate, 1e-3, NS_PER_SEC);
    this.#meanGapNs = NS_PER_SEC / rate;
    this.tsSec = options.startSec ?? 1_700_000_000;
    for (let i = 0; i < PAYLOAD_POOL; i++) this.#pool[i] = this.prng.u32() & 0xff;
    for (let w = 0; w < PAYLOAD_POOL / 2; w++) {
      const word = (this.#pool[2 * w] ?? 0) << 8 | (this.#pool[2 * w + 1] ?? 0);
      this.#poolSums[w + 1] = (this.#poolSums[w] ?? 0) + word;
    }
    const names = makeDnsNames(this.prng);
    this.#pools = KIND_NAMES.map(() =>
      Array.from({ length: CONCURRENT_SESSIONS }, () => new Session(names))
    );
  }

  get clockMs(): number {
    return this.tsSec * 1000 + Math.floor(this.tsNsec / 1_000_000);
  }

  /** Writes the next frame into `bytes` and returns its length. */
  next(): number {
    const gap = Math.round(this.prng.exponential(this.#meanGapNs));
    this.tsNsec += gap;
    while (this.tsNsec >= NS_PER_SEC) {
      this.tsNsec -= NS_PER_SEC;
      this.tsSec++;
    }
    const kind = this.#drawKind();
    const pool = this.#pools[kind];
    const session = pool?.[this.prng.int(0, CONCURRENT_SESSIONS - 1)];
    if (session === undefined) throw new RangeError(`Cannot draw a session of kind ${kind}`);
    if (session.done) {
      session.start(kind, this.#serial++, this.#drawLength(kind), this.#plan, this.prng);
      if (kind !== Kind.arp) this.flows++;
    }
    this.length = writePacket(this, session);
    session.index++;
    this.kind = kind;
    this.vlanTagged = session.vlanId >= 0;
    return this.length;
  }

  payload(at: number, length: number): number {
    const start = 2 * this.prng.int(0, (PAYLOAD_POOL - MAX_FRAME) / 2);
    this.bytes.set(this.#pool.subarray(start, start + length), at);
    const words = length >> 1;
    const sums = this.#poolSums;
    let sum = (sums[start / 2 + words] ?? 0) - (sums[start / 2] ?? 0);
    if (length & 1) sum += (this.#pool[start + length - 1] ?? 0) << 8;
    return sum;
  }

  #drawKind(): Kind {
    const u = this.prng.float();
    const cumulative = this.#cumulative;
    for (let k = 0; k < cumulative.length - 1; k++) {
      if (u < (cumulative[k] ?? 1)) return k as Kind;
    }
    return (cumulative.length - 1) as Kind;
  }

  #drawLength(kind: Kind): number {
    const mean = this.#meanFlowPackets;
    if (kind === Kind.dns4 || kind === Kind.dns6 || kind === Kind.arp) return mean < 2 ? 1 : 2;
    const length = 1 + Math.round(this.prng.exponential(mean - 1));
    return Math.min(length, MAX_FLOW_PACKETS);
  }
}

function cumulativeWeights(mix: TrafficMix): Float64Array {
  let total = 0;
  for (const name of KIND_NAMES) {
    const weight = mix[name];
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new RangeError(`Cannot use mix: weight of ${name} is ${weight}, not a number >= 0`);
    }
    total += weight;
  }
  if (total <= 0) throw new RangeError("Cannot use mix: every weight is 0");
  const out = new Float64Array(KIND_NAMES.length);
  let running = 0;
  KIND_NAMES.forEach((name, k) => {
    running += mix[name];
    out[k] = running / total;
  });
  return out;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`Cannot generate traffic: ${name} ${value} is not in [${min}, ${max}]`);
  }
}
