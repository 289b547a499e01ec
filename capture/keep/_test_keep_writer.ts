/// <reference lib="deno.worker" />
/**
 * A capture worker stand-in for keep_ring_race_test.ts: writes `count` packets into the ring as
 * fast as it can, each one's bytes, lengths and timestamp derived from its number, then says so.
 */
import { KeepRingWriter } from "./keep_ring_writer.ts";

self.onmessage = (event: MessageEvent<{ buffer: SharedArrayBuffer; count: number }>) => {
  const { buffer, count } = event.data;
  const writer = new KeepRingWriter(buffer);
  const frame = new DataView(new ArrayBuffer(2048));
  for (let i = 0; i < count; i++) {
    const caplen = 40 + (i * 53) % 1400;
    for (let k = 0; k < caplen; k++) frame.setUint8(k, i & 0xff);
    writer.write(1, frame, 0, caplen, caplen + 10, 1_700_000_000 + i, i % 1_000_000_000);
  }
  self.postMessage("done");
};
