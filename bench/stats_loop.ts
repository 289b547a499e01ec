/**
 * wirescope's read + decode + statistics rate in one thread: `decode_loop.ts` plus
 * `StatsEngine.ingest()` on every packet, with the packet clock a file uses. Between this and
 * the end-to-end CLI lie the worker, the shared ring and the report.
 *
 *   deno run --allow-ffi --allow-read --allow-env bench/stats_loop.ts FILE
 *
 * prints `{"packets":N,"bytes":B,"seconds":S}`.
 */
import { NextResult, PcapHandle } from "../ffi/pcap_handle.ts";
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import type { LoopResult } from "./ffi_loop.ts";

/** Reads, decodes and counts every packet of `path`; returns the engine too, for tests. */
export function statsLoop(path: string): LoopResult & { engine: StatsEngine } {
  const start = performance.now();
  const handle = PcapHandle.openOffline(path);
  const packet = new DecodedPacket();
  const engine = new StatsEngine({ clock: "packet" });
  let packets = 0, bytes = 0, status: number;
  try {
    const linkType = handle.packetLinkType;
    while ((status = handle.next()) === NextResult.packet) {
      decodeFrame(linkType, handle.data, handle.offset, handle.caplen, handle.wireLen, packet);
      packet.tsSec = handle.tsSec;
      packet.tsNsec = handle.tsNsec;
      engine.ingest(packet);
      packets++;
      bytes += packet.wireLen;
    }
    if (status === NextResult.error) {
      throw new Error(`Cannot read "${path}": ${handle.lastError()}`);
    }
  } finally {
    handle.close();
  }
  return { packets, bytes, seconds: (performance.now() - start) / 1000, engine };
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (path === undefined) {
    console.error("Usage: deno run --allow-ffi --allow-read --allow-env bench/stats_loop.ts FILE");
    Deno.exit(2);
  }
  const { packets, bytes, seconds } = statsLoop(path);
  console.log(JSON.stringify({ packets, bytes, seconds }));
}
