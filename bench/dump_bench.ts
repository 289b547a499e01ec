/**
 * Micro-benchmarks of what `-w` adds to the capture worker per packet: `PacketDump.write()` of
 * one frame, copied from a `DataView` as the loop holds it, into the savefile writer's buffer
 * and on to /dev/null (so the disk is not measured). Frames of 60, 451 (the synthetic benchmark
 * capture's mean) and 1514 bytes, pcap and pcapng.
 *
 *   deno bench -A bench/dump_bench.ts
 */
import { PacketDump } from "../capture/dump/packet_dump.ts";
import type { DumpFormat } from "../capture/dump/dump_spec.ts";

const ETHERNET = 1;
const SIZES = [60, 451, 1514];
/** A window larger than any frame, with the frame at an odd offset, as libpcap's buffer is. */
const WINDOW = new DataView(new ArrayBuffer(4096));
for (let i = 0; i < WINDOW.byteLength; i++) WINDOW.setUint8(i, i * 31);
const OFFSET = 13;

for (const format of ["pcap", "pcapng"] as DumpFormat[]) {
  for (const size of SIZES) {
    const dump = new PacketDump(
      { path: "/dev/null", format, rotateBytes: 0, rotateSeconds: 0, fileCount: 0 },
      { linkType: ETHERNET, snaplen: 262_144, nanosecond: true },
    );
    let ts = 1_700_000_000;
    Deno.bench({
      name: `PacketDump.write ${format} ${size} B`,
      group: `write ${size} B`,
      baseline: format === "pcap",
      fn() {
        dump.write(ETHERNET, WINDOW, OFFSET, size, size, ts, 123_456_789);
        ts++;
      },
    });
  }
}
