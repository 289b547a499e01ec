/**
 * The capture worker's loop: read a frame, write it to `-w`, wait for ring space (files) or count
 * a backlog drop (live), decode it, read names off it, write its record, and publish the ring's
 * write position every `BATCH` packets or `LIVE_FLUSH_MS`.
 *
 * The loop is synchronous on purpose: yielding to the event loop per packet would cost more
 * than the decode. It looks at the stop flag whenever it publishes, so a stop takes effect within
 * one batch or one read timeout (100 ms) at worst. Its state lives in fields and each step is a
 * method, so the loop itself reads as the list above.
 */
/// <reference lib="deno.worker" />
import { NextResult } from "../ffi/pcap_handle.ts";
import { waitReadable } from "../ffi/readiness.ts";
import { decodeFrame } from "./decode/decoder.ts";
import type { DecodedPacket } from "./decode/packet.ts";
import { AppInspector } from "./inspect/app_inspector.ts";
import { NAME_BATCH_ENTRIES, NameBatcher } from "./name_batch.ts";
import { PacketRecord } from "./packet_record.ts";
import { Control, HandleState, type PacketRing } from "./packet_ring.ts";
import { PayloadRing } from "./payload_ring.ts";
import { DnsSummaryRing } from "./dns_summary_ring.ts";
import { type FrameSource, reopenWithOwnReader } from "./frame_source.ts";
import type { PacketDump } from "./dump/packet_dump.ts";
import { KeepRingWriter } from "./keep/keep_ring_writer.ts";
import type { PayloadScanner } from "./payload/payload_scanner.ts";
import type { EndMessage, EndReason, StartMessage, WorkerMessage } from "./worker_protocol.ts";

/** Names are sent at the latest this long after they were seen, so a dashboard shows them
 * within a tick; sooner when `NAME_BATCH_ENTRIES` fill up. */
const NAMES_MAX_DELAY_MS = 50;
/**
 * Ring fill, as a fraction of its capacity, above which a live capture's worker keys and hashes
 * flows for the main thread (`FlowHint`): half full means the main thread is falling behind.
 * A file's worker always does: reading a file, the main thread is the pipeline's bottleneck
 * even when the ring stays short (it drains in small slices, so the fill says little), and on
 * the 1M-packet benchmark file hints on every packet cut its drain time by ~15-25% and the wall
 * time with it, where the fill rule gave 3-50% of packets a hint.
 */
const KEY_FLOWS_FILL = 0.5;
/** Packets decoded between two publications of the write position. */
const BATCH = 256;
/** Live capture publishes at least this often so a trickle of packets is not held back. */
const LIVE_FLUSH_MS = 50;
/** How often kernel counters are polled with `pcap_stats`. */
const COUNTERS_INTERVAL_MS = 1000;
/** How long a file reader sleeps, at most, waiting for the main thread to free ring space. */
const FULL_RING_WAIT_MS = 50;

/** What `#makeRoom()` found: space for the record, a live packet to drop, or a stop request. */
const Room = { free: 0, dropped: 1, stopped: 2 } as const;

export function send(message: WorkerMessage): void {
  self.postMessage(message);
}

export class CapturePump {
  readonly #start: StartMessage;
  readonly #live: boolean;
  readonly #ring: PacketRing;
  readonly #control: Int32Array;
  readonly #records: Int32Array;
  readonly #capacity: number;
  readonly #record = new PacketRecord();
  readonly #packet: DecodedPacket;
  readonly #inspector = new AppInspector();
  readonly #names = new NameBatcher();
  readonly #dump: PacketDump | undefined;
  /** `--keep SIZE`: where whole packets are copied; undefined (the default) keeps none. */
  readonly #keep: KeepRingWriter | undefined;
  /** `--payload N`: where each packet's first payload bytes go; undefined (the default) keeps none. */
  readonly #kept: PayloadRing | undefined;
  /** What each packet's first DNS message said, for the packet list; absent without names. */
  readonly #dnsSummaries: DnsSummaryRing | undefined;
  /** The opt-in payload rules and entropy check; undefined (one test a packet) unless asked. */
  readonly #payload: PayloadScanner | undefined;
  readonly #mayKeyFlows: boolean;
  #keyFlows: boolean;
  #source: FrameSource;
  /**
   * libpcap gets one replacement, our own reader, reading from this descriptor opened with the
   * source (before any privilege drop); if that fails too, the error stands. Undefined once used.
   */
  #resume: Deno.FsFile | undefined;
  /** libpcap's error while our reader has not yet got past it; said once it has. */
  #libpcapError: string | undefined;
  #write: number;
  #read: number;
  #unpublished = 0;
  #packetsRead = 0;
  /** Packets written to the ring: what -c counts, so a backlog drop does not use up the count. */
  #delivered = 0;
  #lastFlush = performance.now();
  #nextCounters = this.#lastFlush + COUNTERS_INTERVAL_MS;
  #namesSentAt = performance.now();
  #dumpErrorSent = false;

  constructor(
    source: FrameSource,
    ring: PacketRing,
    start: StartMessage,
    dump: PacketDump | undefined,
    payload?: PayloadScanner,
    resume?: Deno.FsFile,
  ) {
    this.#source = source;
    this.#resume = resume;
    this.#payload = payload;
    this.#ring = ring;
    this.#start = start;
    this.#dump = dump;
    this.#keep = start.keep ? new KeepRingWriter(start.keep) : undefined;
    this.#live = start.source.kind === "live";
    this.#control = ring.control;
    this.#records = ring.records;
    this.#capacity = ring.capacity;
    this.#kept = start.keptPayload
      ? new PayloadRing(ring.capacity, start.keptPayload.bytesPerPacket, start.keptPayload.ring)
      : undefined;
    this.#packet = this.#record.packet;
    this.#mayKeyFlows = Atomics.load(this.#control, Control.keyFlows) !== 0;
    this.#record.seed = Atomics.load(this.#control, Control.hashSeed);
    this.#keyFlows = this.#mayKeyFlows && !this.#live;
    this.#write = Atomics.load(this.#control, Control.writeSeq);
    this.#read = Atomics.load(this.#control, Control.readSeq);
    // DNS is counted straight into the batch: no event object per query or response.
    this.#inspector.countDnsInto(this.#names);
    this.#dnsSummaries = start.dnsSummaries ? new DnsSummaryRing(start.dnsSummaries) : undefined;
    this.#inspector.summariseDnsInto(this.#dnsSummaries ?? null);
  }

  /** Read until the source ends, fails, is stopped or `-c` is reached. */
  run(): EndMessage {
    for (;;) {
      const status = this.#source.next();
      let end: EndMessage | null;
      if (status === NextResult.packet) end = this.#onPacket();
      else if (status === NextResult.timeout) end = this.#onTimeout();
      // pcap_breakloop also ends a live read this way.
      else if (status === NextResult.eof) end = this.#finish(this.#live ? "stopped" : "eof");
      else end = this.#onError();
      if (end !== null) return end;
    }
  }

  #onPacket(): EndMessage | null {
    const source = this.#source;
    this.#packetsRead++;
    // Written before the ring is looked at: a packet the analysis drops for backlog is still
    // in the file, as tcpdump would have it.
    this.#dump?.write(
      source.packetLinkType,
      source.data,
      source.offset,
      source.caplen,
      source.wireLen,
      source.tsSec,
      source.tsNsec,
    );
    // Kept, like -w's file, even when the analysis drops it for backlog.
    this.#keep?.write(
      source.packetLinkType,
      source.data,
      source.offset,
      source.caplen,
      source.wireLen,
      source.tsSec,
      source.tsNsec,
    );
    if (this.#libpcapError !== undefined) this.#sayFallBack();
    const room = this.#makeRoom();
    if (room === Room.dropped) return null;
    if (room === Room.stopped) return this.#finish("stopped");
    const packet = this.#packet;
    decodeFrame(
      source.packetLinkType,
      source.data,
      source.offset,
      source.caplen,
      source.wireLen,
      packet,
    );
    packet.tsSec = source.tsSec;
    packet.tsNsec = source.tsNsec;
    if (this.#kept !== undefined) {
      this.#kept.write(this.#write, source.data, source.offset + source.caplen, packet);
    }
    if (this.#start.inspectNames) {
      const inspector = this.#inspector;
      if (this.#dnsSummaries !== undefined) this.#dnsSummaries.seq = this.#write;
      inspector.inspect(packet, source.data, source.offset, source.caplen);
      // Events (SNI, Host: one per connection) join the batch at once, in wire order with the
      // DNS answers counted into it, so names never depend on where a batch splits.
      if (inspector.pending > 0) this.#names.add(inspector.drain());
    }
    if (this.#payload !== undefined) this.#payload.scan(packet, source.data);
    this.#record.keyFlow(this.#keyFlows);
    this.#record.write(this.#records, this.#ring.slot(this.#write));
    this.#write = (this.#write + 1) | 0;
    if (this.#start.count > 0 && ++this.#delivered >= this.#start.count) {
      return this.#finish("count");
    }
    if (
      ++this.#unpublished >= BATCH ||
      (this.#live && performance.now() - this.#lastFlush >= LIVE_FLUSH_MS)
    ) {
      this.#publish();
      const now = this.#lastFlush = performance.now();
      if (this.#stopRequested()) return this.#finish("stopped");
      if (this.#live && now >= this.#nextCounters) this.#pollCounters(now);
    }
    return null;
  }

  /**
   * Room for one more record. A full ring makes a file reader wait for the main thread; a live
   * capture counts a backlog drop instead, since waiting would only move the loss into the
   * kernel buffer, where it is invisible to us.
   */
  #makeRoom(): number {
    const control = this.#control;
    const capacity = this.#capacity;
    if (((this.#write - this.#read) | 0) < capacity) return Room.free;
    this.#read = Atomics.load(control, Control.readSeq);
    if (((this.#write - this.#read) | 0) < capacity) return Room.free;
    if (this.#live) {
      Atomics.add(control, Control.backlogDrops, 1);
      return Room.dropped;
    }
    this.#publish();
    while (((this.#write - this.#read) | 0) >= capacity) {
      if (this.#stopRequested()) return Room.stopped;
      Atomics.wait(control, Control.readSeq, this.#read, FULL_RING_WAIT_MS);
      this.#read = Atomics.load(control, Control.readSeq);
    }
    return Room.free;
  }

  /**
   * Nothing buffered: hand over what we have (names too), then sleep until the kernel has more
   * or a flush interval passes. Waiting here, not in pcap_next_ex, is what keeps a quiet link's
   * packets from waiting for the next burst (see ffi/readiness.ts).
   */
  #onTimeout(): EndMessage | null {
    const now = performance.now();
    if (this.#unpublished > 0) {
      this.#publish(true);
      this.#flushDump();
    }
    this.#lastFlush = now;
    if (this.#stopRequested()) return this.#finish("stopped");
    if (now >= this.#nextCounters) this.#pollCounters(now);
    if (this.#source.readyFd >= 0) waitReadable(this.#source.readyFd, LIVE_FLUSH_MS);
    return null;
  }

  /** A read error: a file libpcap gave up on continues with our own reader, once. */
  #onError(): EndMessage | null {
    const message = this.#libpcapError ?? this.#source.lastError();
    const from = this.#start.source;
    const resume = this.#resume;
    if (resume !== undefined && from.kind === "file") {
      this.#resume = undefined;
      const resumed = reopenWithOwnReader(resume, from.path, this.#start.filter, this.#packetsRead);
      if (resumed) {
        // Said only once our reader has got further than libpcap did; if it stops at the same
        // damage, libpcap's message alone is the one-line answer.
        this.#libpcapError = message;
        this.#source.close();
        this.#source = resumed;
        return null;
      }
    }
    return this.#finish("error", message);
  }

  #sayFallBack(): void {
    const from = this.#start.source;
    if (from.kind !== "file") return;
    send({
      type: "notice",
      message: `libpcap stopped reading "${from.path}" (${this.#libpcapError}); ` +
        `continuing with wirescope's own reader`,
    });
    this.#libpcapError = undefined;
  }

  #stopRequested(): boolean {
    return Atomics.load(this.#control, Control.stop) !== 0;
  }

  /** Publish the write position (names first, so a batch's packets come with their names). */
  #publish(final = false): void {
    const control = this.#control;
    this.#sendNames(final);
    if (this.#payload !== undefined && this.#payload.hits.size > 0) {
      send({ type: "payload", ...this.#payload.hits.take() });
    }
    Atomics.store(control, Control.inspectorFaults, this.#inspector.faults);
    Atomics.store(control, Control.nameEventsDropped, this.#inspector.dropped);
    Atomics.store(control, Control.writeSeq, this.#write);
    this.#unpublished = 0;
    if (this.#mayKeyFlows && this.#live) {
      // Key flows for the main thread only while it is the one behind: a ring past half full.
      // When this thread is the slower one, the extra work would only slow the pipeline.
      this.#read = Atomics.load(control, Control.readSeq);
      this.#keyFlows = ((this.#write - this.#read) | 0) >= this.#capacity * KEY_FLOWS_FILL;
    }
    if (Atomics.compareExchange(control, Control.notified, 0, 1) === 0) send({ type: "data" });
  }

  /**
   * Names travel by structured clone, which costs microseconds per message: condense them into
   * a few messages instead of one per batch of packets. Events are already in the batch: the
   * loop moves them there as each packet yields them.
   */
  #sendNames(force: boolean): void {
    const names = this.#names;
    if (names.size === 0) return;
    const now = performance.now();
    if (
      force || names.size >= NAME_BATCH_ENTRIES || now - this.#namesSentAt >= NAMES_MAX_DELAY_MS
    ) {
      send({ type: "names", ...names.take() });
      this.#namesSentAt = now;
    }
  }

  /** Hand `-w`'s buffered packets to the file (a live link's quiet moments, the end), and say
   * once if writing stopped. */
  #flushDump(): void {
    const dump = this.#dump;
    if (!dump) return;
    dump.flush();
    if (dump.error !== undefined && !this.#dumpErrorSent) {
      this.#dumpErrorSent = true;
      send({ type: "notice", message: dump.error });
    }
  }

  #pollCounters(now: number): void {
    this.#nextCounters = now + COUNTERS_INTERVAL_MS;
    this.#flushDump();
    const counters = this.#source.counters();
    if (!counters) return;
    const control = this.#control;
    Atomics.store(control, Control.kernelReceived, counters.received);
    Atomics.store(control, Control.kernelDrops, counters.dropped);
    Atomics.store(control, Control.interfaceDrops, counters.ifDropped);
  }

  #finish(reason: EndReason, message?: string): EndMessage {
    const dump = this.#dump;
    this.#flushDump();
    dump?.close();
    if (dump?.skipped) {
      send({
        type: "notice",
        message: `${dump.skipped} packets of another link type were not written to the pcap ` +
          `file (a pcap file holds one link type; write .pcapng to keep them)`,
      });
    }
    this.#publish(true);
    if (this.#live) this.#pollCounters(performance.now());
    this.#releaseHandle();
    return {
      type: "end",
      reason,
      packetsRead: this.#packetsRead,
      ...(message !== undefined ? { message } : {}),
    };
  }

  /** Wait out a pcap_breakloop the main thread may be making on this handle, bar it, close. */
  #releaseHandle(): void {
    const control = this.#control;
    while (
      Atomics.compareExchange(
        control,
        Control.handleState,
        HandleState.open,
        HandleState.closed,
      ) !==
        HandleState.open
    ) {
      Atomics.wait(control, Control.handleState, HandleState.breaking, 10);
    }
    this.#source.close();
    this.#resume?.close();
    this.#resume = undefined;
  }
}
