/**
 * The number of distinct TCP and UDP conversations ever seen, exact while it fits a bound.
 *
 * A conversation is the unordered outer 5-tuple {(src, sport), (dst, dport)} per protocol, the
 * `outer_5tuples` of the capture corpus. It cannot come from the flow table, which forgets flows
 * on eviction. Keys are kept in an exact set up to `EXACT_CONVERSATION_LIMIT`; the first key past
 * it moves every key into a HyperLogLog sketch per protocol and frees the set, so memory stays
 * flat and the count becomes an estimate (`exact` false).
 */

import { hashWords } from "../capture/key_hash.ts";
import { HyperLogLog } from "./hyperloglog.ts";
import { KeyIndex } from "./key_index.ts";
import { FLOW_KEY_WORDS, flowKeyProto } from "../capture/packet_keys.ts";

/**
 * Conversations kept exactly: 131,072 keys take about 7 MiB, 65x the busiest capture in the
 * corpus (1,994, an nmap scan) and minutes of a busy office link; past it a 0.8%-error estimate
 * in 32 KiB is worth more than another 7 MiB per 131,072 conversations.
 */
export const EXACT_CONVERSATION_LIMIT = 131_072;

/** Seed of the second, independent hash that supplies HyperLogLog ranks. */
const RANK_SEED_XOR = 0x9e3779b9;
const TCP = 6;

export class ConversationCounter {
  #exact: KeyIndex | null;
  #tcp = 0;
  #udp = 0;
  readonly #tcpSketch = new HyperLogLog();
  readonly #udpSketch = new HyperLogLog();
  readonly #seed: number;

  constructor(limit = EXACT_CONVERSATION_LIMIT, seed = 0) {
    this.#exact = new KeyIndex(FLOW_KEY_WORDS, limit);
    this.#seed = seed;
  }

  /** True while counts are exact. */
  get exact(): boolean {
    return this.#exact !== null;
  }

  /** Record the conversation of a flow key with ports; `hash` is `hashWords(key, 10, seed)`. */
  add(key: Uint32Array, hash: number): void {
    const isTcp = (key[0]! & 0xffff) === TCP;
    const exact = this.#exact;
    if (exact !== null) {
      if (exact.find(key, hash) >= 0) return;
      if (exact.insert(key, hash) >= 0) {
        if (isTcp) this.#tcp++;
        else this.#udp++;
        return;
      }
      this.#switchToSketch(exact);
    }
    const rank = hashWords(key, FLOW_KEY_WORDS, this.#seed ^ RANK_SEED_XOR);
    (isTcp ? this.#tcpSketch : this.#udpSketch).add(hash, rank);
  }

  /** Distinct TCP and UDP conversations (estimates once `exact` is false). */
  counts(): { tcp: number; udp: number } {
    if (this.#exact !== null) return { tcp: this.#tcp, udp: this.#udp };
    return {
      tcp: Math.round(this.#tcpSketch.estimate()),
      udp: Math.round(this.#udpSketch.estimate()),
    };
  }

  #switchToSketch(exact: KeyIndex): void {
    const words = new Uint32Array(FLOW_KEY_WORDS);
    for (let id = 0; id < exact.highWater; id++) {
      if (!exact.isLive(id)) continue;
      const base = id * FLOW_KEY_WORDS;
      words.set(exact.keys.subarray(base, base + FLOW_KEY_WORDS));
      const rank = hashWords(words, FLOW_KEY_WORDS, this.#seed ^ RANK_SEED_XOR);
      const sketch = flowKeyProto(exact.keys, base) === TCP ? this.#tcpSketch : this.#udpSketch;
      sketch.add(exact.hashes[id]!, rank);
    }
    this.#exact = null;
  }
}
