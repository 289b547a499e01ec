/**
 * A single-producer, single-consumer ring of decoded packets in shared memory.
 *
 * The capture worker decodes each frame and writes it here as a fixed-size record of 32-bit
 * words; the main thread reads records back into a `DecodedPacket`. Nothing is copied through
 * `postMessage` and nothing is allocated per packet on either side. Sequence numbers are 32-bit
 * and wrap; `(write - read) | 0` stays correct across the wrap because the ring is far smaller
 * than 2^31 records.
 */
import { PacketRecord } from "./packet_record.ts";

/** Records the ring holds by default: about 30 ms at 2M packets/s, 9.5 MiB of shared memory. */
export const DEFAULT_RING_CAPACITY = 65_536;

/** Indices into the control words. */
export const Control = {
  /** Sequence number of the next record the worker will write (published per batch). */
  writeSeq: 0,
  /** Sequence number of the next record the main thread will read. */
  readSeq: 1,
  /** Set to 1 by the main thread to ask the worker to stop. */
  stop: 2,
  /** 1 while a "data" message from the worker is unanswered, so it sends at most one. */
  notified: 3,
  /** Live capture only: packets dropped because the ring was full (our own backlog). */
  backlogDrops: 4,
  /** Last `pcap_stats` values, refreshed by the worker about once a second. */
  kernelReceived: 5,
  kernelDrops: 6,
  interfaceDrops: 7,
  /**
   * Guards the pcap handle against being closed while the main thread calls
   * `pcap_breakloop` on it: `HandleState` values, changed only by compare-and-swap.
   */
  handleState: 8,
  /**
   * 1 when the worker may key and hash packets' flows (`FlowHint`) with `hashSeed`: both set by
   * the main thread before the worker starts, the seed to the statistics engine's own, so it
   * can use the hashes as they are.
   */
  keyFlows: 9,
  hashSeed: 10,
  /** The worker's `AppInspector.faults` and `.dropped`, refreshed at every publication. */
  inspectorFaults: 11,
  nameEventsDropped: 12,
} as const;
const CONTROL_WORDS = 13;

/** Values of `Control.handleState`. */
export const HandleState = { open: 0, breaking: 1, closed: 2 } as const;

export class PacketRing {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly control: Int32Array;
  readonly records: Int32Array;
  readonly #mask: number;

  /** Make a ring (main thread), or attach to the buffer of one (worker). */
  constructor(capacityOrBuffer: number | SharedArrayBuffer = DEFAULT_RING_CAPACITY) {
    if (typeof capacityOrBuffer === "number") {
      const capacity = capacityOrBuffer;
      if (!Number.isInteger(Math.log2(capacity)) || capacity < 2) {
        throw new RangeError(`Ring capacity must be a power of two, got ${capacity}`);
      }
      this.buffer = new SharedArrayBuffer(
        (CONTROL_WORDS + capacity * PacketRecord.words) * Int32Array.BYTES_PER_ELEMENT,
      );
    } else {
      this.buffer = capacityOrBuffer;
    }
    this.control = new Int32Array(this.buffer, 0, CONTROL_WORDS);
    const recordWords = this.buffer.byteLength / Int32Array.BYTES_PER_ELEMENT - CONTROL_WORDS;
    this.capacity = recordWords / PacketRecord.words;
    this.records = new Int32Array(this.buffer, CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT);
    this.#mask = this.capacity - 1;
  }

  /** Word offset of the record with sequence number `seq`. */
  slot(seq: number): number {
    return (seq & this.#mask) * PacketRecord.words;
  }

  /** Records written but not yet read. */
  pending(): number {
    return (Atomics.load(this.control, Control.writeSeq) -
      Atomics.load(this.control, Control.readSeq)) | 0;
  }
}
