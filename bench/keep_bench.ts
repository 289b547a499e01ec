/**
 * Micro-benchmarks of what `--keep` adds to the capture worker per packet: `KeepRingWriter.write()`
 * of one frame, copied from a `DataView` as the loop holds it, into a 64 MiB ring that wraps and
 * overwrites its oldest records all along (the steady state, after one warm-up lap). Frames of 60, 451 (the synthetic
 * benchmark capture's mean) and 1514 bytes, beside `-w`'s pcap writer on the same frames.
 *
 *   deno bench -A bench/keep_bench.ts
 */
import { createKeepBuffer } from "../capture/keep/keep_ring.ts";
import { KeepRingWriter } from "../capture/keep/keep_ring_writer.ts";
import { PacketDump } from "../capture/dump/packet_dump.ts";

const ETHERNET = 1;
const SIZES = [60, 451, 1514];
const RING_BYTES = 64 * 1_048_576;
/** A window larger than any frame, with the frame at an odd offset, as libpcap's buffer is. */
const WINDOW = new DataView(new ArrayBuffer(4096));
for (let i = 0; i < WINDOW.byteLength; i++) WINDOW.setUint8(i, i * 31);
const OFFSET = 13;

for (const size of SIZES) {
  const keep = new KeepRingWriter(createKeepBuffer(RING_BYTES));
  let ts = 1_700_000_000;
  // One whole lap first: the ring's pages are touched once, at the start of a run, and what a
  // long capture pays per packet is the steady state of overwriting.
  for (let i = 0; i <= RING_BYTES / size; i++) {
    keep.write(ETHERNET, WINDOW, OFFSET, size, size, 0, 0);
  }
  Deno.bench({
    name: `KeepRingWriter.write ${size} B`,
    group: `keep ${size} B`,
    fn() {
      keep.write(ETHERNET, WINDOW, OFFSET, size, size, ts, 123_456_789);
      ts++;
    },
  });
  const dump = new PacketDump(
    { path: "/dev/null", format: "pcap", rotateBytes: 0, rotateSeconds: 0, fileCount: 0 },
    { linkType: ETHERNET, snaplen: 262_144, nanosecond: true },
  );
  Deno.bench({
    name: `PacketDump.write pcap ${size} B (-w, for scale)`,
    group: `keep ${size} B`,
    baseline: true,
    fn() {
      dump.write(ETHERNET, WINDOW, OFFSET, size, size, ts, 123_456_789);
      ts++;
    },
  });
}
