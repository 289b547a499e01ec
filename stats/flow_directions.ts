/**
 * What a flow exporter needs of each direction of a flow and the flow table does not keep: the
 * IP-layer octets (RFC 7012 octetDeltaCount counts IP header and payload, not the frame), the
 * first and last packet times and the TCP flags of each direction, and the outer VLAN of the
 * flow's first packet. Kept beside the flow table, indexed by its flow ids, only while an
 * exporter watches the table: the dashboard never pays for it.
 *
 * `count()` runs once per packet on the main thread: it writes a few typed-array slots and
 * allocates nothing.
 */

import type { DecodedPacket } from "../capture/decode/packet.ts";

const MS_PER_SEC = 1000;
const NS_PER_MS = 1e6;

export class FlowDirections {
  /** IP octets per flow and direction (index `id * 2 + dir`; dir 0 is A->B). */
  readonly #octets: Float64Array;
  /** Epoch ms of the first and last packet per flow and direction. */
  readonly #first: Float64Array;
  readonly #last: Float64Array;
  /** OR of the TCP flags per flow and direction. */
  readonly #flags: Uint16Array;
  /** VLAN ID of the flow's first packet, -1 when it was untagged. */
  readonly #vlan: Int16Array;

  /** Room for flow ids below `capacity` (the flow table's cap). */
  constructor(capacity: number) {
    this.#octets = new Float64Array(capacity * 2);
    this.#first = new Float64Array(capacity * 2);
    this.#last = new Float64Array(capacity * 2);
    this.#flags = new Uint16Array(capacity * 2);
    this.#vlan = new Int16Array(capacity);
  }

  /**
   * Count packet `p` on flow `id` in direction `dir`; `created` says the flow table has just
   * made the flow (a new key, or an id reused after an eviction), so what was kept is reset.
   */
  count(id: number, dir: number, created: boolean, p: DecodedPacket): void {
    const at = id * 2;
    if (created) {
      this.#octets[at] = 0;
      this.#octets[at + 1] = 0;
      this.#first[at] = Infinity;
      this.#first[at + 1] = Infinity;
      this.#last[at] = -Infinity;
      this.#last[at + 1] = -Infinity;
      this.#flags[at] = 0;
      this.#flags[at + 1] = 0;
      this.#vlan[id] = p.vlanId;
    }
    const i = at + dir;
    this.#octets[i] = this.#octets[i]! + p.ipTotalLen;
    const tsMs = p.tsSec * MS_PER_SEC + p.tsNsec / NS_PER_MS;
    if (tsMs < this.#first[i]!) this.#first[i] = tsMs;
    if (tsMs > this.#last[i]!) this.#last[i] = tsMs;
    if (p.tcpFlags > 0) this.#flags[i] = this.#flags[i]! | p.tcpFlags;
  }

  /** IP octets of flow `id` in direction `dir`. */
  octets(id: number, dir: number): number {
    return this.#octets[id * 2 + dir]!;
  }

  /** Epoch ms of the first packet of flow `id` in direction `dir` (Infinity: none yet). */
  firstMs(id: number, dir: number): number {
    return this.#first[id * 2 + dir]!;
  }

  /** Epoch ms of the last packet of flow `id` in direction `dir` (-Infinity: none yet). */
  lastMs(id: number, dir: number): number {
    return this.#last[id * 2 + dir]!;
  }

  /** OR of the TCP flags of flow `id` in direction `dir` (0 when none, or not TCP). */
  tcpFlags(id: number, dir: number): number {
    return this.#flags[id * 2 + dir]!;
  }

  /** Outer VLAN ID of flow `id`'s first packet, or -1 when it had none. */
  vlanId(id: number): number {
    return this.#vlan[id]!;
  }
}
