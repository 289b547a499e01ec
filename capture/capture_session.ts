/**
 * The main thread's side of a capture: starts the worker, hands every decoded packet to a
 * consumer in batches, and reports how the capture ended.
 *
 * Draining (`RingDrain`) happens in time slices with a macrotask between them, so the HTTP
 * server and SSE timers keep running while a file is read at full speed.
 */
import type { DecodedPacket } from "./decode/packet.ts";
import type { FlowHint } from "./flow_key.ts";
import type { NameBatch } from "./name_batch.ts";
import { Control, DEFAULT_RING_CAPACITY, HandleState, PacketRing } from "./packet_ring.ts";
import { RingDrain } from "./ring_drain.ts";
import { PayloadRing } from "./payload_ring.ts";
import { DnsSummaryRing } from "./dns_summary_ring.ts";
import { PcapHandle } from "../ffi/pcap_handle.ts";
import { takeCaptureWorker } from "./worker_start.ts";
import type { DumpSpec } from "./dump/dump_spec.ts";
import type { PayloadHitBatch, PayloadSpec } from "./payload/payload_spec.ts";
import type {
  CaptureSource,
  EndMessage,
  OpenedMessage,
  ReleaseMessage,
  StartMessage,
  WorkerMessage,
} from "./worker_protocol.ts";

export interface CaptureOptions {
  source: CaptureSource;
  filter?: string;
  /** Stop after this many packets; 0 or absent for no limit. */
  count?: number;
  /** Read names from payloads (DNS, TLS/QUIC SNI, HTTP Host); default true. */
  inspectNames?: boolean;
  /** `-w`: the worker writes every packet that passes the filter to savefiles. */
  dump?: DumpSpec;
  /** The worker clears its thread's capabilities once its handle and files are open. */
  dropCapabilities?: boolean;
  /**
   * Open everything, then read no packet until `release()`: a process that is about to drop its
   * privileges parses nothing from outside while it still holds them.
   */
  held?: boolean;
  /** Records in the shared ring; a power of two. */
  ringCapacity?: number;
  /**
   * Called for every packet, with a reused `DecodedPacket` the consumer must not keep and,
   * when the worker made one (see `hashSeed`), its reused `FlowHint` for `StatsEngine.ingest()`.
   * `following` is how many more packets this call is sure to be followed by before the event
   * loop runs again (so before any other code can look at what the consumer counted).
   */
  onPacket: (packet: DecodedPacket, flow: FlowHint | undefined, following: number) => void;
  /**
   * Let the worker key and hash packets' flows with this seed, and pass the result to
   * `onPacket`: give the engine's (`engine.options.hashSeed`). The worker does so while the
   * main thread falls behind (the ring fills), so the main thread then neither builds nor
   * hashes flow keys; packets without a hint come with none.
   */
  hashSeed?: number;
  /** Payload rules and entropy check for the worker to run (opt-in; see payload_spec.ts). */
  payload?: PayloadSpec;
  /** What they found, a batch at a time. */
  onPayload?: (batch: PayloadHitBatch) => void;
  /**
   * `--payload N`: keep the first N (1 to 256) payload bytes of each packet, handed to
   * `onPacket` in the packet's `kept` view; 0 or absent keeps none.
   */
  keepPayloadBytes?: number;
  /** `--keep SIZE`: the ring (capture/keep/keep_ring.ts) the worker copies whole packets to. */
  keep?: SharedArrayBuffer;
  /** Names the worker read off the wire (DNS, TLS SNI, HTTP Host), a batch at a time. */
  onNames?: (batch: NameBatch) => void;
  /**
   * True when other work shares the main thread (an HTTP server): a drain that leaves packets
   * behind then continues after a timer, which lets pending I/O run between slices. Without it
   * the next slice comes through a MessageChannel round trip, which is cheaper but which Deno
   * runs ahead of pending I/O: a server would starve for as long as the ring stays non-empty
   * (measured: one /stats request waited 1.1 s through a full-speed read; with timers the worst
   * was 34 ms, at ~20% fewer slices per second).
   */
  yieldToIo?: boolean;
  /** Called after each drained slice, e.g. to advance clocks or push updates. */
  onBatch?: () => void;
  /** Non-fatal messages (a warning from libpcap, a switch of reader). */
  onNotice?: (message: string) => void;
}

/** Drops by where they happened. */
export interface DropCounters {
  /** Kernel buffer full (`ps_drop`). */
  kernel: number;
  /** Interface or driver (`ps_ifdrop`). */
  ifdrop: number;
  /** Our own ring was full because the main thread fell behind. */
  backlog: number;
  /** Packets the kernel says it received (`ps_recv`); 0 for files. */
  received: number;
}

/**
 * What reading names off the wire lost: both stay 0 unless something is wrong, and a user who
 * misses a name deserves to see that it was not silently thrown away.
 */
export interface NameReading {
  /** Packets whose inspection threw (a bug in a payload reader, never the packet's fault). */
  faults: number;
  /** Name events dropped because the worker's queue was full before a batch left. */
  eventsDropped: number;
}

/** Raised when the source cannot be opened; `kind` says why (see `PcapErrorKind`). */
export class CaptureError extends Error {
  override name = "CaptureError";
  constructor(message: string, readonly kind: string) {
    super(message);
  }
}

/** The worker's instructions for `options`, with the ring it writes to. */
function startMessage(
  options: CaptureOptions,
  ring: PacketRing,
  payloads: PayloadRing | undefined,
  dnsSummaries: DnsSummaryRing | undefined,
): StartMessage {
  return {
    type: "start",
    source: options.source,
    filter: options.filter ?? "",
    count: options.count ?? 0,
    inspectNames: options.inspectNames ?? true,
    ring: ring.buffer,
    ...(options.dump ? { dump: options.dump } : {}),
    ...(options.dropCapabilities ? { dropCapabilities: true } : {}),
    ...(payloads
      ? { keptPayload: { ring: payloads.buffer, bytesPerPacket: payloads.bytesPerPacket } }
      : {}),
    ...(options.held ? { held: true } : {}),
    ...(options.keep ? { keep: options.keep } : {}),
    ...(dnsSummaries ? { dnsSummaries: dnsSummaries.buffer } : {}),
    ...(options.payload ? { payload: options.payload } : {}),
  };
}

export class CaptureSession {
  readonly info: OpenedMessage;
  /** Resolves when the worker has ended and every packet has been handed to `onPacket`. */
  readonly done: Promise<EndMessage>;
  readonly #worker: Worker;
  readonly #ring: PacketRing;
  #stopped = false;
  #held: boolean;

  private constructor(
    worker: Worker,
    ring: PacketRing,
    info: OpenedMessage,
    done: Promise<EndMessage>,
    held: boolean,
  ) {
    this.#worker = worker;
    this.#ring = ring;
    this.info = info;
    this.done = done;
    this.#held = held;
  }

  /** Start capturing. Rejects with `CaptureError` when the source cannot be opened. */
  static start(options: CaptureOptions): Promise<CaptureSession> {
    const ring = new PacketRing(options.ringCapacity ?? DEFAULT_RING_CAPACITY);
    const worker = takeCaptureWorker();
    const keep = options.keepPayloadBytes ?? 0;
    const payloads = keep > 0 ? new PayloadRing(ring.capacity, keep) : undefined;
    // Names not read, no DNS message is summarised: the table is not made at all.
    const dnsSummaries = options.inspectNames === false ? undefined : new DnsSummaryRing();
    const drain = new RingDrain(ring, options, options.hashSeed, payloads, dnsSummaries);
    return new Promise((resolve, reject) => {
      let session: CaptureSession | undefined;
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
        const message = event.data;
        switch (message.type) {
          case "opened":
            session = new CaptureSession(worker, ring, message, drain.done, options.held ?? false);
            if (message.warning) options.onNotice?.(message.warning);
            resolve(session);
            break;
          case "data":
            drain.schedule();
            break;
          case "names":
            options.onNames?.(message);
            break;
          case "payload":
            options.onPayload?.(message);
            break;
          case "notice":
            options.onNotice?.(message.message);
            break;
          case "end":
            drain.end(message);
            break;
          case "failed":
            drain.close();
            worker.terminate();
            reject(new CaptureError(message.message, message.kind));
            break;
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const error = new CaptureError(`Capture worker failed: ${event.message}`, "capture");
        // A worker that threw will publish nothing more; end it rather than leave it idle.
        worker.terminate();
        if (!session) {
          drain.close();
          reject(error);
        } else {
          // What it had published still drains; how much it had read is unknown (-1).
          drain.end({ type: "end", reason: "error", packetsRead: -1, message: error.message });
        }
      };
      worker.postMessage(startMessage(options, ring, payloads, dnsSummaries));
    });
  }

  /** Let a held capture (`CaptureOptions.held`) start reading; nothing otherwise. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#worker.postMessage({ type: "release" } satisfies ReleaseMessage);
  }

  /** Drop counters as last reported by the worker. */
  drops(): DropCounters {
    const control = this.#ring.control;
    return {
      kernel: Atomics.load(control, Control.kernelDrops) >>> 0,
      ifdrop: Atomics.load(control, Control.interfaceDrops) >>> 0,
      backlog: Atomics.load(control, Control.backlogDrops) >>> 0,
      received: Atomics.load(control, Control.kernelReceived) >>> 0,
    };
  }

  /** How reading names off the wire went so far (see `NameReading`). */
  nameReading(): NameReading {
    const control = this.#ring.control;
    return {
      faults: Atomics.load(control, Control.inspectorFaults) >>> 0,
      eventsDropped: Atomics.load(control, Control.nameEventsDropped) >>> 0,
    };
  }

  /** Ask the worker to stop; resolves once every packet read so far has been delivered. */
  stop(): Promise<EndMessage> {
    if (!this.#stopped) {
      this.#stopped = true;
      const control = this.#ring.control;
      Atomics.store(control, Control.stop, 1);
      Atomics.notify(control, Control.readSeq);
      const address = this.info.handleAddress;
      if (
        address &&
        Atomics.compareExchange(
            control,
            Control.handleState,
            HandleState.open,
            HandleState.breaking,
          ) ===
          HandleState.open
      ) {
        PcapHandle.breakLoopAt(address);
        Atomics.store(control, Control.handleState, HandleState.open);
        Atomics.notify(control, Control.handleState);
      }
    }
    // A held worker waits for its release, then reads nothing once it sees the stop flag: the
    // flag is set above first (the worker is another thread and may take the message at once).
    this.release();
    return this.done;
  }

  /** Kill the worker without waiting (used when the process is exiting anyway). */
  terminate(): void {
    this.#worker.terminate();
  }
}
