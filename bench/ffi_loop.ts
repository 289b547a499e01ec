/**
 * The bare Deno FFI reference: `pcap_next_ex` through wirescope's `PcapHandle`, and nothing
 * else. The gap between this and the C reader is the price of the FFI boundary; the gap
 * between this and `decode_loop.ts` is the decoder's.
 *
 *   deno run --allow-ffi --allow-read --allow-env bench/ffi_loop.ts FILE
 *
 * prints `{"packets":N,"bytes":B,"seconds":S}`, S being the time of the loop alone.
 */
import { NextResult, PcapHandle } from "../ffi/pcap_handle.ts";

export interface LoopResult {
  packets: number;
  /** Sum of lengths on the wire: read so that no reader can skip the headers. */
  bytes: number;
  seconds: number;
}

/** Reads every packet of `path` with libpcap and counts it. */
export function ffiLoop(path: string): LoopResult {
  const start = performance.now();
  const handle = PcapHandle.openOffline(path);
  let packets = 0, bytes = 0, status: number;
  try {
    while ((status = handle.next()) === NextResult.packet) {
      packets++;
      bytes += handle.wireLen;
    }
    if (status === NextResult.error) {
      throw new Error(`Cannot read "${path}": ${handle.lastError()}`);
    }
  } finally {
    handle.close();
  }
  return { packets, bytes, seconds: (performance.now() - start) / 1000 };
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (path === undefined) {
    console.error("Usage: deno run --allow-ffi --allow-read --allow-env bench/ffi_loop.ts FILE");
    Deno.exit(2);
  }
  console.log(JSON.stringify(ffiLoop(path)));
}
