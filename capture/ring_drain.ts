/**
 * The main thread's reader of the packet ring: hands what the worker published to the consumer a
 * slice at a time, with a macrotask between slices, and resolves `done` once the worker has ended
 * and every packet it published has been handed out.
 */
import type { DecodedPacket } from "./decode/packet.ts";
import type { FlowHint } from "./flow_key.ts";
import { PacketRecord } from "./packet_record.ts";
import { Control, type PacketRing } from "./packet_ring.ts";
import type { PayloadRing } from "./payload_ring.ts";
import type { DnsSummaryRing } from "./dns_summary_ring.ts";
import type { EndMessage } from "./worker_protocol.ts";

/**
 * How long one drain may hold the main thread before yielding to HTTP and timers. Time, not a
 * packet count, because the consumer's cost per packet varies a hundredfold (a known flow
 * versus a flood of new ones that evicts old entries).
 */
const DRAIN_SLICE_MS = 8;
/**
 * Most packets between two looks at the clock (and two publications of the read position): about
 * 1 ms of work on known flows, 1/16 of the default ring. A chunk is handed out whole, so
 * `onPacket` learns how many packets follow before it yields (the statistics engine skips copying
 * packets into its 1,000-packet recent list that newer ones of the same chunk would overwrite
 * unseen).
 */
const DRAIN_CHUNK = 4096;
/**
 * Fewest packets in a chunk, so a slice always gets somewhere however dear packets have become.
 * Chunks shrink toward it when packets cost more: a flood of new flows costs ~12 µs a packet where
 * known flows cost ~0.5, and whole 4,096-packet chunks then held the thread for 25-50 ms past an
 * 8 ms deadline.
 */
const MIN_CHUNK = 64;
/** A floor for the measured cost, so a chunk the clock saw take no time sizes the next sanely. */
const MIN_MS_PER_PACKET = 0.0001;

/** What a drain hands packets to: `CaptureOptions`' callbacks. */
export interface DrainConsumer {
  onPacket: (packet: DecodedPacket, flow: FlowHint | undefined, following: number) => void;
  onBatch?: () => void;
  /** Continue after a timer (other work shares the thread) rather than a MessageChannel hop. */
  yieldToIo?: boolean;
}

export class RingDrain {
  /** Resolves when the worker has ended and every packet has been handed to `onPacket`. */
  readonly done: Promise<EndMessage>;
  readonly #ring: PacketRing;
  readonly #record = new PacketRecord();
  readonly #consumer: DrainConsumer;
  /** `--payload N`: each record's kept payload bytes, in the slot of the same sequence number. */
  readonly #payloads: PayloadRing | undefined;
  /** A MessageChannel round trip is a macrotask without setTimeout's clamping. */
  readonly #wake = new MessageChannel();
  #scheduled = false;
  /** What the consumer took per packet in the last chunk, ms: sizes the next chunk. */
  #msPerPacket = 0.001;
  #ended: EndMessage | undefined;
  #resolveDone!: (end: EndMessage) => void;

  constructor(
    ring: PacketRing,
    consumer: DrainConsumer,
    hashSeed: number | undefined,
    payloads?: PayloadRing,
    dnsSummaries?: DnsSummaryRing,
  ) {
    this.#ring = ring;
    // The DNS summaries the worker keeps beside the ring (none when names are not read): one
    // table for every packet this drain reads, so it is set once on the record's reused packet.
    this.#record.packet.dnsSummaries = dnsSummaries ?? null;
    this.#payloads = payloads;
    this.#consumer = consumer;
    this.done = new Promise<EndMessage>((resolve) => this.#resolveDone = resolve);
    if (hashSeed !== undefined) {
      this.#record.seed = hashSeed | 0;
      Atomics.store(ring.control, Control.hashSeed, this.#record.seed);
      Atomics.store(ring.control, Control.keyFlows, 1);
    }
    this.#wake.port1.onmessage = () => this.#drain();
  }

  /** The worker published more records: drain them soon (once, however often it says so). */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    if (this.#consumer.yieldToIo) setTimeout(() => this.#drain(), 0);
    else this.#wake.port2.postMessage(0);
  }

  /** The worker ended: `done` resolves with `end` once what it published has drained. */
  end(end: EndMessage): void {
    this.#ended = end;
    this.schedule();
  }

  /** The worker failed before anything was read: nothing will drain. */
  close(): void {
    this.#wake.port1.close();
  }

  /**
   * Hand out what the ring holds, a slice at a time; re-arm the worker's notification before the
   * last look so no publication can slip between the look and the re-arm.
   */
  #drain(): void {
    this.#scheduled = false;
    const ring = this.#ring;
    const control = ring.control;
    const record = this.#record;
    const consumer = this.#consumer;
    const payloads = this.#payloads;
    Atomics.store(control, Control.notified, 0);
    const write = Atomics.load(control, Control.writeSeq);
    let read = Atomics.load(control, Control.readSeq);
    let now = performance.now();
    const deadline = now + DRAIN_SLICE_MS;
    const records = ring.records;
    while (read !== write) {
      // As many packets as the time left holds at the last chunk's cost: a slice ends within
      // one chunk of its deadline even when packets turn dear.
      const fits = Math.max(MIN_CHUNK, Math.floor((deadline - now) / this.#msPerPacket));
      const chunk = Math.min((write - read) | 0, DRAIN_CHUNK, fits);
      for (let following = chunk - 1; following >= 0; following--) {
        const packet = record.read(records, ring.slot(read));
        if (payloads !== undefined) payloads.read(read, packet);
        packet.ringSeq = read;
        consumer.onPacket(packet, record.hinted ? record.flow : undefined, following);
        read = (read + 1) | 0;
      }
      // Publishing per packet would wake the worker far too often; per chunk is plenty.
      Atomics.store(control, Control.readSeq, read);
      const after = performance.now();
      this.#msPerPacket = Math.max(MIN_MS_PER_PACKET, (after - now) / chunk);
      now = after;
      if (now >= deadline) break;
    }
    Atomics.store(control, Control.readSeq, read);
    Atomics.notify(control, Control.readSeq);
    consumer.onBatch?.();
    if (read !== Atomics.load(control, Control.writeSeq)) {
      this.schedule();
    } else if (this.#ended) {
      this.#wake.port1.close();
      this.#resolveDone(this.#ended);
    }
  }
}
