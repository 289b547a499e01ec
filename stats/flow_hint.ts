/**
 * A packet's flow key and its hash, worked out ahead of `StatsEngine.ingest()`: the capture
 * worker, which waits for ring space most of the time, keys and hashes every packet, so the main
 * thread, which is the pipeline's bottleneck, does neither. The key is seed-independent; the
 * hash is only used when it was made with the engine's own seed (`StatsOptions.hashSeed`), so a
 * hint from a capture started with another seed costs a rehash, never a wrong lookup.
 */

import type { DecodedPacket } from "../capture/decode/packet.ts";
import { L3, L4 } from "../capture/decode/packet.ts";
import { hashWords } from "./hash.ts";
import { FLOW_KEY_WORDS, PacketKeys } from "./packet_keys.ts";

export class FlowHint {
  /** False when the packet has no flow (not IPv4/IPv6, or no addresses captured). */
  keyed = false;
  /** The flow key, as `PacketKeys.buildFlow()` makes it (its `flow` array, not a copy). */
  readonly key: Uint32Array;
  /** `hashWords(key, FLOW_KEY_WORDS, seed)`. */
  hash = 0;
  /** Seed of `hash`, as a signed 32-bit value. */
  seed = 0;
  /** True when the packet's source is the low side of `key`. */
  srcIsLow = true;
  readonly #keys = new PacketKeys();

  constructor() {
    this.key = this.#keys.flow;
  }

  /** Key and hash packet `p` with `seed`, as the engine would. */
  compute(p: DecodedPacket, seed: number): void {
    this.seed = seed | 0;
    const l3 = p.l3;
    const keys = this.#keys;
    if ((l3 !== L3.ipv4 && l3 !== L3.ipv6) || !keys.load(p)) {
      this.keyed = false;
      return;
    }
    keys.buildFlow(p.ipProto, hasFlowPorts(p), p.srcPort, p.dstPort);
    this.keyed = true;
    this.hash = hashWords(keys.flow, FLOW_KEY_WORDS, seed);
    this.srcIsLow = keys.srcIsLow;
  }
}

/** True when a packet's flow is keyed by its ports: TCP or UDP with both ports captured. */
export function hasFlowPorts(p: DecodedPacket): boolean {
  const l4 = p.l4;
  return (l4 === L4.tcp || l4 === L4.udp) && p.srcPort >= 0 && p.dstPort >= 0;
}
