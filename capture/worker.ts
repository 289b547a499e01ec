/**
 * The capture worker: owns the pcap handle, opens the source (and `-w`'s file), and runs the
 * `CapturePump` loop that decodes every frame into the shared packet ring. The main thread never
 * blocks on capture and never sees a pointer.
 */
/// <reference lib="deno.worker" />
import { linkTypeName } from "../ffi/pcap_handle.ts";
import { PcapError } from "../ffi/pcap_error.ts";
import { Control, PacketRing } from "./packet_ring.ts";
import { type OpenedSource, openFrameSource } from "./frame_source.ts";
import { PacketDump } from "./dump/packet_dump.ts";
import { CapturePump, send } from "./capture_pump.ts";
import type { ReleaseMessage, StartMessage } from "./worker_protocol.ts";
import { dropThreadCapabilities } from "../ffi/privileges.ts";

self.onmessage = async (event: MessageEvent<StartMessage>) => {
  const start = event.data;
  let payload;
  try {
    // RE2 and the scanner load only when payload detectors were asked for.
    if (start.payload) {
      const { PayloadScanner } = await import("./payload/payload_scanner.ts");
      payload = new PayloadScanner(start.payload);
    }
  } catch (error) {
    send({ type: "failed", message: messageOf(error), kind: "usage" });
    self.close();
    return;
  }
  let opened;
  try {
    opened = openFrameSource(start.source, start.filter);
  } catch (error) {
    const kind = error instanceof PcapError ? error.kind : "file";
    send({ type: "failed", message: messageOf(error), kind });
    self.close();
    return;
  }
  const { source, reader, resume } = opened;
  let dump: PacketDump | undefined;
  if (start.dump) {
    try {
      dump = new PacketDump(start.dump, {
        linkType: source.linkType,
        // Our own reader serves files whose interfaces differ in snaplen: the first one's says
        // nothing of the others', so the file claims the most a packet can have.
        snaplen: reader === "libpcap" ? source.snaplen : 0,
        nanosecond: source.nanosecond,
        ...(start.source.kind === "live" ? { startSeconds: Date.now() / 1000 } : {}),
      });
    } catch (error) {
      closeOpened(opened);
      send({ type: "failed", message: messageOf(error), kind: "file" });
      self.close();
      return;
    }
  }
  if (start.dropCapabilities) {
    try {
      dropThreadCapabilities();
    } catch (error) {
      closeOpened(opened);
      send({ type: "failed", message: messageOf(error), kind: "capture" });
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
  if (start.held) {
    await released();
    // Stopped before it was released (start-up failed after opening): read nothing at all.
    if (Atomics.load(ring.control, Control.stop) !== 0) {
      dump?.close();
      closeOpened(opened);
      send({ type: "end", reason: "stopped", packetsRead: 0 });
      self.close();
      return;
    }
  }
  const end = new CapturePump(source, ring, start, dump, payload, resume).run();
  send(end);
  self.close();
};

/** Resolves when the main thread says reading may begin (see `StartMessage.held`). */
function released(): Promise<void> {
  return new Promise((resolve) => {
    self.onmessage = (event: MessageEvent<ReleaseMessage>) => {
      if (event.data.type === "release") resolve();
    };
  });
}

/** Close what `openFrameSource` opened, when the worker ends before reading. */
function closeOpened(opened: OpenedSource): void {
  opened.source.close();
  opened.resume?.close();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
