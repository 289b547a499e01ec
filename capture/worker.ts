/**
 * The capture worker: owns the pcap handle, runs the `pcap_next_ex` loop, decodes every frame
 * and writes it into the shared packet ring. The main thread never blocks on capture and never
 * sees a pointer.
 *
 * The loop is synchronous on purpose: yielding to the event loop per packet would cost more
 * than the decode. It publishes the ring's write position every `BATCH` packets (and on every
 * read timeout), and looks at the stop flag at the same moments, so a stop takes effect within
 * one batch or one read timeout (100 ms) at worst.
 */
/// <reference lib="deno.worker" />
import { linkTypeName, NextResult } from "../ffi/pcap_handle.ts";
import { PcapError } from "../ffi/pcap_error.ts";
import { waitReadable } from "../ffi/readiness.ts";
import { decodeFrame } from "./decode/decoder.ts";
import { AppInspector } from "./inspect/app_inspector.ts";
import { NAME_BATCH_ENTRIES, NameBatcher } from "./name_batch.ts";
import { PacketRecord } from "./packet_record.ts";
import { Control, HandleState, PacketRing } from "./packet_ring.ts";
import { type FrameSource, openFrameSource, reopenWithOwnReader } from "./frame_source.ts";
import { PacketDump } from "./dump/packet_dump.ts";
import type { EndReason, StartMessage, WorkerMessage } from "./worker_protocol.ts";

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

function send(message: WorkerMessage): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<StartMessage>) => {
  const start = event.data;
  let opened;
  try {
    opened = openFrameSource(start.source, start.filter);
  } catch (error) {
    const kind = error instanceof PcapError ? error.kind : "file";
    send({ type: "failed", message: messageOf(error), kind });
    self.close();
    return;
  }
  const { source, reader } = opened;
  let dump: PacketDump | undefined;
  if (start.dump) {
    try {
      dump = new PacketDump(start.dump, {
        linkType: source.linkType,
        // Our own reader serves files whose interfaces differ in snaplen: the first one's says
        // nothing of the others', so the file claims the most a packet can have.
        snaplen: reader === "libpcap" ? source.snaplen : 0,
        nanosecond: source.nanosecond,
      });
    } catch (error) {
      source.close();
      send({ type: "failed", message: messageOf(error), kind: "file" });
      self.close();
      return;
    }
  }
  send({
    type: "opened",
    linkType: source.linkType,
    linkTypeName: linkTypeName(source.linkType),
    snaplen: source.snaplen,
    nanosecond: source.nanosecond,
    reader,
    ...(start.source.kind === "live" ? { handleAddress: source.address } : {}),
    ...(source.warning ? { warning: source.warning } : {}),
  });
  const ring = new PacketRing(start.ring);
  const end = pump(source, ring, start, dump);
  send(end);
  self.close();
};

function pump(
  first: FrameSource,
  ring: PacketRing,
  start: StartMessage,
  dump: PacketDump | undefined,
): Extract<WorkerMessage, { type: "end" }> {
  const live = start.source.kind === "live";
  const control = ring.control;
  const records = ring.records;
  const capacity = ring.capacity;
  const record = new PacketRecord();
  const packet = record.packet;
  const mayKeyFlows = Atomics.load(control, Control.keyFlows) !== 0;
  record.seed = Atomics.load(control, Control.hashSeed);
  let keyFlows = mayKeyFlows && !live;
  const inspector = new AppInspector();
  let source = first;
  // libpcap gets one replacement, our own reader; if that fails too, the error stands.
  let canFallBack = start.source.kind === "file" && start.source.path !== "-";
  let libpcapError: string | undefined;
  let write = Atomics.load(control, Control.writeSeq);
  let read = Atomics.load(control, Control.readSeq);
  let unpublished = 0;
  let packetsRead = 0;
  /** Packets written to the ring: what -c counts, so a backlog drop does not use up the count. */
  let delivered = 0;
  let lastFlush = performance.now();
  let nextCounters = lastFlush + COUNTERS_INTERVAL_MS;

  const names = new NameBatcher();
  // DNS is counted straight into the batch: no event object per query or response.
  inspector.countDnsInto(names);
  let namesSentAt = performance.now();
  const sendNames = (force: boolean) => {
    // Events are already in `names`: the loop moves them there as each packet yields them.
    if (names.size === 0) return;
    // Names travel by structured clone, which costs microseconds per message: condense them
    // into a few messages instead of one per batch of packets.
    const now = performance.now();
    if (force || names.size >= NAME_BATCH_ENTRIES || now - namesSentAt >= NAMES_MAX_DELAY_MS) {
      send({ type: "names", ...names.take() });
      namesSentAt = now;
    }
  };
  const publish = (final = false) => {
    // Names go first, so a consumer that sees a batch's packets has its names too.
    sendNames(final);
    Atomics.store(control, Control.inspectorFaults, inspector.faults);
    Atomics.store(control, Control.nameEventsDropped, inspector.dropped);
    Atomics.store(control, Control.writeSeq, write);
    unpublished = 0;
    if (mayKeyFlows && live) {
      // Key flows for the main thread only while it is the one behind: a ring past half full.
      // When this thread is the slower one, the extra work would only slow the pipeline.
      read = Atomics.load(control, Control.readSeq);
      keyFlows = ((write - read) | 0) >= capacity * KEY_FLOWS_FILL;
    }
    if (Atomics.compareExchange(control, Control.notified, 0, 1) === 0) send({ type: "data" });
  };
  let dumpErrorSent = false;
  /** Hand `-w`'s buffered packets to the file (a live link's quiet moments, the end), and say
   * once if writing stopped. */
  const flushDump = () => {
    if (!dump) return;
    dump.flush();
    if (dump.error !== undefined && !dumpErrorSent) {
      dumpErrorSent = true;
      send({ type: "notice", message: dump.error });
    }
  };
  const pollCounters = (now: number) => {
    nextCounters = now + COUNTERS_INTERVAL_MS;
    flushDump();
    const counters = source.counters();
    if (!counters) return;
    Atomics.store(control, Control.kernelReceived, counters.received);
    Atomics.store(control, Control.kernelDrops, counters.dropped);
    Atomics.store(control, Control.interfaceDrops, counters.ifDropped);
  };
  const finish = (reason: EndReason, message?: string) => {
    flushDump();
    dump?.close();
    if (dump?.skipped) {
      send({
        type: "notice",
        message: `${dump.skipped} packets of another link type were not written to the pcap ` +
          `file (a pcap file holds one link type; write .pcapng to keep them)`,
      });
    }
    publish(true);
    if (live) pollCounters(performance.now());
    // Wait out a pcap_breakloop the main thread may be making on this handle, then bar it.
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
    source.close();
    return {
      type: "end" as const,
      reason,
      packetsRead,
      ...(message !== undefined ? { message } : {}),
    };
  };

  for (;;) {
    const status = source.next();
    if (status === NextResult.packet) {
      packetsRead++;
      // Written before the ring is looked at: a packet the analysis drops for backlog is
      // still in the file, as tcpdump would have it.
      dump?.write(
        source.packetLinkType,
        source.data,
        source.offset,
        source.caplen,
        source.wireLen,
        source.tsSec,
        source.tsNsec,
      );
      if (libpcapError !== undefined && start.source.kind === "file") {
        send({
          type: "notice",
          message: `libpcap stopped reading "${start.source.path}" (${libpcapError}); ` +
            `continuing with wirescope's own reader`,
        });
        libpcapError = undefined;
      }
      if (((write - read) | 0) >= capacity) {
        read = Atomics.load(control, Control.readSeq);
        if (((write - read) | 0) >= capacity) {
          if (live) {
            // Waiting here would only move the loss into the kernel buffer, where it is
            // invisible to us; count it as our own backlog instead.
            Atomics.add(control, Control.backlogDrops, 1);
            continue;
          }
          publish();
          while (((write - read) | 0) >= capacity) {
            if (Atomics.load(control, Control.stop) !== 0) return finish("stopped");
            Atomics.wait(control, Control.readSeq, read, FULL_RING_WAIT_MS);
            read = Atomics.load(control, Control.readSeq);
          }
        }
      }
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
      if (start.inspectNames) {
        inspector.inspect(packet, source.data, source.offset, source.caplen);
        // Events (SNI, Host: one per connection) join the batch at once, in wire order with
        // the DNS answers counted into it, so names never depend on where a batch splits.
        if (inspector.pending > 0) names.add(inspector.drain());
      }
      record.keyFlow(keyFlows);
      record.write(records, ring.slot(write));
      write = (write + 1) | 0;
      if (start.count > 0 && ++delivered >= start.count) return finish("count");
      if (++unpublished >= BATCH || (live && performance.now() - lastFlush >= LIVE_FLUSH_MS)) {
        publish();
        lastFlush = performance.now();
        if (Atomics.load(control, Control.stop) !== 0) return finish("stopped");
        if (live && lastFlush >= nextCounters) pollCounters(lastFlush);
      }
    } else if (status === NextResult.timeout) {
      // Nothing buffered: hand over what we have (names too), then sleep until the kernel has
      // more or a flush interval passes. Waiting here, not in pcap_next_ex, is what keeps a
      // quiet link's packets from waiting for the next burst (see ffi/readiness.ts).
      const now = performance.now();
      if (unpublished > 0) {
        publish(true);
        flushDump();
      }
      lastFlush = now;
      if (Atomics.load(control, Control.stop) !== 0) return finish("stopped");
      if (now >= nextCounters) pollCounters(now);
      if (source.readyFd >= 0) waitReadable(source.readyFd, LIVE_FLUSH_MS);
    } else if (status === NextResult.eof) {
      // pcap_breakloop also ends a live read this way.
      return finish(live ? "stopped" : "eof");
    } else {
      const message = libpcapError ?? source.lastError();
      if (canFallBack && start.source.kind === "file") {
        canFallBack = false;
        const resumed = reopenWithOwnReader(start.source.path, start.filter, packetsRead);
        if (resumed) {
          // Say so only once our reader has got further than libpcap did; if it stops at the
          // same damage, libpcap's message alone is the one-line answer.
          libpcapError = message;
          source.close();
          source = resumed;
          continue;
        }
      }
      return finish("error", message);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
