import assert from "node:assert/strict";
import { PacketDump } from "./packet_dump.ts";
import type { DumpSpec } from "./dump_spec.ts";
import { pattern, readAll } from "../savefile/_test_savefile.ts";

const ETHERNET = 1;
const RAW = 12;
/** A 100-byte frame at offset 3 of a larger view, as the capture loop holds frames. */
const FRAME = pattern(100, 7);
const HELD = new Uint8Array(200);
HELD.set(FRAME, 3);
const VIEW = new DataView(HELD.buffer);
/** pcap record: 16 bytes of header and the frame. */
const RECORD_BYTES = 16 + FRAME.length;

function spec(dir: string, more: Partial<DumpSpec> = {}): DumpSpec {
  return {
    path: `${dir}/out.pcap`,
    format: "pcap",
    rotateBytes: 0,
    rotateSeconds: 0,
    fileCount: 0,
    ...more,
  };
}

function withDir(fn: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "wirescope_dump_" });
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function listed(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

const SOURCE = { linkType: ETHERNET, snaplen: 65_535, nanosecond: true };

function writeAt(dump: PacketDump, tsSec: number, tsNsec = 0): void {
  dump.write(ETHERNET, VIEW, 3, FRAME.length, 1500, tsSec, tsNsec);
}

Deno.test("PacketDump writes frames with their bytes, lengths and nanosecond times", () => {
  withDir((dir) => {
    const dump = new PacketDump(spec(dir), SOURCE);
    writeAt(dump, 1_700_000_000, 123_456_789);
    writeAt(dump, 1_700_000_001, 999_999_999);
    dump.close();
    const read = readAll(`${dir}/out.pcap`);
    assert.equal(read.format, "pcap-nsec");
    assert.equal(read.snaplen, 65_535);
    assert.deepEqual(read.packets.map((p) => [p.tsSec, p.tsNsec, p.caplen, p.wireLen]), [
      [1_700_000_000, 123_456_789, 100, 1500],
      [1_700_000_001, 999_999_999, 100, 1500],
    ]);
    assert.deepEqual(read.packets[0]!.bytes, FRAME);
    assert.equal(dump.written, 2);
  });
});

Deno.test("PacketDump -C starts a new file once the current one is past the size", () => {
  withDir((dir) => {
    // Room for the 24-byte header and two records; the third packet finds the file past it.
    const limit = 24 + 2 * RECORD_BYTES - 1;
    const dump = new PacketDump(spec(dir, { rotateBytes: limit }), SOURCE);
    for (let i = 0; i < 7; i++) writeAt(dump, 1_700_000_000 + i);
    dump.close();
    assert.deepEqual(listed(dir), ["out.pcap", "out.pcap1", "out.pcap2", "out.pcap3"]);
    const seconds = ["out.pcap", "out.pcap1", "out.pcap2", "out.pcap3"].map((name) =>
      readAll(`${dir}/${name}`).packets.map((p) => p.tsSec - 1_700_000_000)
    );
    assert.deepEqual(seconds, [[0, 1], [2, 3], [4, 5], [6]]);
  });
});

Deno.test("PacketDump -C -W reuses W numbered names as a ring", () => {
  withDir((dir) => {
    const dump = new PacketDump(
      spec(dir, { rotateBytes: 24 + RECORD_BYTES - 1, fileCount: 3 }),
      SOURCE,
    );
    // One packet per file (the size is checked before each packet): files 0 1 2 0 1.
    for (let i = 0; i < 5; i++) writeAt(dump, 1_700_000_000 + i);
    dump.close();
    assert.deepEqual(listed(dir), ["out.pcap0", "out.pcap1", "out.pcap2"]);
    const first = (name: string) => readAll(`${dir}/${name}`).packets.map((p) => p.tsSec % 10);
    assert.deepEqual(first("out.pcap0"), [3]);
    assert.deepEqual(first("out.pcap1"), [4]);
    assert.deepEqual(first("out.pcap2"), [2]);
  });
});

Deno.test("PacketDump -G starts a file per period of packet time, named by strftime", () => {
  withDir((dir) => {
    const dump = new PacketDump(spec(dir, { path: `${dir}/%s.pcap`, rotateSeconds: 10 }), SOURCE);
    assert.deepEqual(listed(dir), [], "the first file waits for the first packet's time");
    for (const t of [100, 105, 109, 110, 135, 144, 145]) writeAt(dump, 1_700_000_000 + t);
    dump.close();
    const names = ["1700000100.pcap", "1700000110.pcap", "1700000135.pcap", "1700000145.pcap"];
    assert.deepEqual(listed(dir), names);
    const seconds = names.map((name) =>
      readAll(`${dir}/${name}`).packets.map((p) => p.tsSec - 1_700_000_000)
    );
    assert.deepEqual(seconds, [[100, 105, 109], [110], [135, 144], [145]]);
  });
});

Deno.test("PacketDump -G -W deletes the oldest file it wrote past W", () => {
  withDir((dir) => {
    Deno.writeFileSync(`${dir}/unrelated.pcap`, new Uint8Array(1));
    const dump = new PacketDump(
      spec(dir, { path: `${dir}/%s.pcap`, rotateSeconds: 1, fileCount: 2 }),
      SOURCE,
    );
    for (let t = 0; t < 5; t++) writeAt(dump, 1_700_000_000 + t);
    dump.close();
    assert.deepEqual(listed(dir), ["1700000003.pcap", "1700000004.pcap", "unrelated.pcap"]);
  });
});

Deno.test("PacketDump pcapng keeps every link type, each on an interface of its own", () => {
  withDir((dir) => {
    const dump = new PacketDump(spec(dir, { path: `${dir}/out.pcapng`, format: "pcapng" }), SOURCE);
    writeAt(dump, 1);
    dump.write(RAW, VIEW, 3, 40, 40, 2, 5);
    writeAt(dump, 3);
    dump.close();
    const read = readAll(`${dir}/out.pcapng`);
    assert.equal(read.format, "pcapng");
    assert.deepEqual(read.packets.map((p) => [p.linkType, p.interfaceId, p.tsSec, p.tsNsec]), [
      [ETHERNET, 0, 1, 0],
      [RAW, 1, 2, 5],
      [ETHERNET, 0, 3, 0],
    ]);
  });
});

Deno.test("PacketDump pcap skips, and counts, packets of another link type", () => {
  withDir((dir) => {
    const dump = new PacketDump(spec(dir), SOURCE);
    writeAt(dump, 1);
    dump.write(RAW, VIEW, 3, 40, 40, 2, 0);
    dump.close();
    assert.equal(readAll(`${dir}/out.pcap`).packets.length, 1);
    assert.equal(dump.skipped, 1);
  });
});

Deno.test("PacketDump refuses at once a path it cannot create, in one line", () => {
  withDir((dir) => {
    assert.throws(
      () => new PacketDump(spec(dir, { path: `${dir}/missing/out.pcap` }), SOURCE),
      { message: `Cannot write "${dir}/missing/out.pcap": no such directory` },
    );
    assert.throws(
      () => new PacketDump(spec(dir, { path: `${dir}/missing/%s`, rotateSeconds: 5 }), SOURCE),
      /no such directory/,
    );
  });
});

Deno.test("PacketDump stops writing on a failed write and keeps the reason, never throws", () => {
  withDir((dir) => {
    const dump = new PacketDump(spec(dir, { rotateBytes: 24, fileCount: 0 }), SOURCE);
    writeAt(dump, 1);
    // The next rotation finds its directory gone: writing stops, the capture does not.
    Deno.removeSync(dir, { recursive: true });
    writeAt(dump, 2);
    writeAt(dump, 3);
    assert.match(dump.error ?? "", /^Cannot write ".*out\.pcap1": no such directory; .*1 were/);
    assert.equal(dump.written, 1);
    Deno.mkdirSync(dir);
  });
});

Deno.test("PacketDump -G on a live capture opens its first file at once, named by the start", () => {
  withDir((dir) => {
    const start = 1_700_000_100.75;
    const dump = new PacketDump(spec(dir, { path: `${dir}/%s.pcap`, rotateSeconds: 10 }), {
      ...SOURCE,
      startSeconds: start,
    });
    assert.deepEqual(listed(dir), ["1700000100.pcap"], "there before any packet");
    writeAt(dump, 1_700_000_105);
    writeAt(dump, 1_700_000_110);
    dump.close();
    assert.deepEqual(listed(dir), ["1700000100.pcap", "1700000110.pcap"]);
    assert.equal(readAll(`${dir}/1700000100.pcap`).packets.length, 1);
  });
});
