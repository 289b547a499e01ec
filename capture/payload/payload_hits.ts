/**
 * The hits the worker holds between two publications, in preallocated typed arrays (a flood of
 * matching packets allocates nothing until a batch leaves); strings are made only in `take()`,
 * when the batch is about to be sent.
 */
import { formatAddress } from "../../net/ip_format.ts";
import { L4 } from "../decode/packet.ts";
import type { DecodedPacket } from "../decode/packet.ts";
import { MAX_PAYLOAD_HITS, type PayloadHitBatch } from "./payload_spec.ts";

const ADDRESS_BYTES = 16;

export class PayloadHits {
  readonly #rule = new Int16Array(MAX_PAYLOAD_HITS);
  readonly #bits = new Float64Array(MAX_PAYLOAD_HITS);
  readonly #timeMs = new Float64Array(MAX_PAYLOAD_HITS);
  readonly #addrLen = new Uint8Array(MAX_PAYLOAD_HITS);
  readonly #src = new Uint8Array(MAX_PAYLOAD_HITS * ADDRESS_BYTES);
  readonly #dst = new Uint8Array(MAX_PAYLOAD_HITS * ADDRESS_BYTES);
  readonly #ports = new Int32Array(MAX_PAYLOAD_HITS * 2);
  readonly #tcp = new Uint8Array(MAX_PAYLOAD_HITS);
  readonly #names: readonly string[];
  #size = 0;
  #dropped = 0;

  /** `names`: the rules' names by index (a hit's rule -1 is the entropy check). */
  constructor(names: readonly string[]) {
    this.#names = names;
  }

  get size(): number {
    return this.#size;
  }

  /** Hold one hit of `rule` (its index, or -1) on packet `p`; counted as dropped when full. */
  add(rule: number, bitsPerByte: number, p: DecodedPacket): void {
    const i = this.#size;
    if (i >= MAX_PAYLOAD_HITS) {
      this.#dropped++;
      return;
    }
    this.#size = i + 1;
    this.#rule[i] = rule;
    this.#bits[i] = bitsPerByte;
    this.#timeMs[i] = p.tsSec * 1000 + p.tsNsec / 1e6;
    this.#addrLen[i] = p.addrLen;
    this.#src.set(p.src, i * ADDRESS_BYTES);
    this.#dst.set(p.dst, i * ADDRESS_BYTES);
    this.#ports[i * 2] = p.srcPort;
    this.#ports[i * 2 + 1] = p.dstPort;
    this.#tcp[i] = p.l4 === L4.tcp ? 1 : 0;
  }

  /** The held hits as a message body; empties the batch. */
  take(): PayloadHitBatch {
    const hits = [];
    for (let i = 0; i < this.#size; i++) {
      const rule = this.#rule[i]!;
      const len = this.#addrLen[i]!;
      hits.push({
        rule: rule < 0 ? "" : this.#names[rule] ?? "",
        bitsPerByte: Math.round(this.#bits[i]! * 1000) / 1000,
        src: formatAddress(this.#src, len, i * ADDRESS_BYTES),
        dst: formatAddress(this.#dst, len, i * ADDRESS_BYTES),
        srcPort: this.#ports[i * 2]!,
        dstPort: this.#ports[i * 2 + 1]!,
        protocol: this.#tcp[i] === 1 ? "tcp" : "udp",
        timeMs: this.#timeMs[i]!,
      });
    }
    const batch = { hits, dropped: this.#dropped };
    this.#size = 0;
    this.#dropped = 0;
    return batch;
  }
}
