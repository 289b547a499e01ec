/**
 * wirescope's decode-only rate: the FFI read loop of `ffi_loop.ts` plus `decodeFrame` on every
 * packet, in one thread, with no worker, ring or statistics. It keeps a histogram of l3/l4
 * classes so that the decoder's output is used and cannot be optimised away.
 *
 *   deno run --allow-ffi --allow-read --allow-env bench/decode_loop.ts FILE
 *
 * prints `{"packets":N,"bytes":B,"seconds":S,"l3":[...],"l4":[...],"errors":E}`.
 */
import { NextResult, PcapHandle } from "../ffi/pcap_handle.ts";
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import type { LoopResult } from "./ffi_loop.ts";

/** Slots of the histograms: `L3` and `L4` values are small integers (see packet.ts). */
const CLASS_SLOTS = 8;

export interface DecodeLoopResult extends LoopResult {
  /** Packets per `L3` value, and per `L4` value. */
  l3: number[];
  l4: number[];
  /** Packets whose decode stopped early (`error` not none). */
  errors: number;
}

/** Reads and decodes every packet of `path`. */
export function decodeLoop(path: string): DecodeLoopResult {
  const start = performance.now();
  const handle = PcapHandle.openOffline(path);
  const packet = new DecodedPacket();
  const l3 = new Float64Array(CLASS_SLOTS), l4 = new Float64Array(CLASS_SLOTS);
  let packets = 0, bytes = 0, errors = 0, status: number;
  try {
    const linkType = handle.packetLinkType;
    while ((status = handle.next()) === NextResult.packet) {
      decodeFrame(linkType, handle.data, handle.offset, handle.caplen, handle.wireLen, packet);
      packets++;
      bytes += packet.wireLen;
      l3[packet.l3 & (CLASS_SLOTS - 1)]!++;
      l4[packet.l4 & (CLASS_SLOTS - 1)]!++;
      if (packet.error !== 0) errors++;
    }
    if (status === NextResult.error) {
      throw new Error(`Cannot read "${path}": ${handle.lastError()}`);
    }
  } finally {
    handle.close();
  }
  const seconds = (performance.now() - start) / 1000;
  return { packets, bytes, seconds, l3: [...l3], l4: [...l4], errors };
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (path === undefined) {
    console.error("Usage: deno run --allow-ffi --allow-read --allow-env bench/decode_loop.ts FILE");
    Deno.exit(2);
  }
  console.log(JSON.stringify(decodeLoop(path)));
}
