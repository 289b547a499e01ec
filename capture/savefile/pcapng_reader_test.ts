import assert from "node:assert/strict";
import { MAX_INTERFACES } from "./pcapng_reader.ts";
import { PcapngWriter } from "./pcapng_writer.ts";
import { BodyBuilder, concat, pattern, readBytes } from "./_test_savefile.ts";

const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_NRB = 4;
const BLOCK_ISB = 5;
/** Chunk sizes: the default, and one small enough to split every block. */
const CHUNKS = [undefined, 5];

function readEach(bytes: Uint8Array, check: (result: ReturnType<typeof readBytes>) => void) {
  for (const chunkBytes of CHUNKS) check(readBytes(bytes, chunkBytes ? { chunkBytes } : {}));
}

Deno.test("pcapng reader takes Simple Packet Blocks from interface 0 and cuts them to its snaplen", () => {
  const writer = new PcapngWriter();
  writer.addInterface(1, { snaplen: 64 });
  // Wire length 100 but only 64 bytes stored: caplen is min(wire length, snaplen).
  writer.writeBlock(BLOCK_SPB, new BodyBuilder().u32(100).bytes(pattern(64)).build());
  // Wire length 10 in a body padded to 12: the padding is not packet data.
  writer.writeBlock(BLOCK_SPB, new BodyBuilder().u32(10).bytes(pattern(10, 9)).build());
  readEach(writer.toBytes(), (result) => {
    assert.equal(result.error, undefined);
    assert.deepEqual(result.packets.map((p) => [p.caplen, p.wireLen, p.tsSec, p.tsNsec]), [
      [64, 100, 0, 0],
      [10, 10, 0, 0],
    ]);
    assert.deepEqual(result.packets[1]?.bytes, pattern(10, 9));
  });
});

Deno.test("pcapng reader takes obsolete Packet Blocks with their 16-bit interface ID", () => {
  const writer = new PcapngWriter();
  writer.addInterface(1);
  writer.addInterface(113, { tsresol: 9 });
  const opb = new BodyBuilder().u16(1).u16(7).u32(0x18a0_b6c9).u32(0x6f15_d4dd).u32(5).u32(42)
    .bytes(pattern(5)).bytes(new Uint8Array(3)).build();
  writer.writeBlock(BLOCK_OPB, opb);
  readEach(writer.toBytes(), (result) => {
    assert.equal(result.error, undefined);
    const [packet] = result.packets;
    // 0x18a0b6c9_6f15d4dd ns = 1774619229.452358877 s, as tshark prints it
    assert.deepEqual(
      [packet?.interfaceId, packet?.linkType, packet?.tsSec, packet?.tsNsec],
      [1, 113, 1_774_619_229, 452_358_877],
    );
    assert.deepEqual([packet?.caplen, packet?.wireLen], [5, 42]);
  });
});

Deno.test("pcapng reader skips unknown blocks, even ones larger than its buffer", () => {
  const writer = new PcapngWriter();
  writer.writeBlock(BLOCK_NRB, pattern(40)); // before the first IDB
  writer.addInterface(1);
  // A custom block larger than MAX_HELD_BYTES: holding it whole would throw, streaming does not.
  writer.writeBlock(0x0bad, pattern(500_000));
  writer.writePacket(0, 5, 0, pattern(60));
  writer.writeBlock(BLOCK_ISB, pattern(28));
  writer.writePacket(0, 6, 0, pattern(60));
  for (const chunkBytes of [4096, 5]) {
    const result = readBytes(writer.toBytes(), { chunkBytes });
    assert.equal(result.error, undefined);
    assert.deepEqual(result.packets.map((p) => p.tsSec), [5, 6]);
  }
});

Deno.test("pcapng reader follows a new section's byte order and interface table", () => {
  const little = new PcapngWriter();
  little.addInterface(1);
  little.writePacket(0, 10, 0, pattern(20, 1));
  const big = new PcapngWriter({ littleEndian: false });
  big.addInterface(113, { tsresol: 9 });
  big.addInterface(276, { tsresol: 9 });
  big.writePacket(1, 11, 1, pattern(20, 2));
  big.writePacket(0, 12, 2, pattern(20, 3));
  readEach(concat(little.toBytes(), big.toBytes()), (result) => {
    assert.equal(result.error, undefined);
    assert.equal(result.linkType, 1, "the header describes the first section's first interface");
    assert.deepEqual(result.packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec]), [
      [0, 1, 10, 0],
      [1, 276, 11, 1],
      [0, 113, 12, 2],
    ]);
    assert.deepEqual(result.packets[1]?.bytes, pattern(20, 2));
  });
});

Deno.test("pcapng reader adds if_tsoffset seconds and honours a binary if_tsresol", () => {
  const writer = new PcapngWriter();
  // IDB: Ethernet, snaplen 0, if_tsoffset = 1_000_000_000 s, if_tsresol = 2^-10 s.
  const idb = new BodyBuilder().u16(1).u16(0).u32(0)
    .u16(14).u16(8).u32(1_000_000_000).u32(0)
    .u16(9).u16(1).u8(0x80 | 10).u8(0).u8(0).u8(0)
    .u16(0).u16(0).build();
  writer.writeBlock(BLOCK_IDB, idb);
  // 3.5 s after the offset: 3584 units of 1/1024 s.
  const epb = new BodyBuilder().u32(0).u32(0).u32(3584).u32(4).u32(4).bytes(pattern(4)).build();
  writer.writeBlock(6, epb);
  readEach(writer.toBytes(), (result) => {
    assert.equal(result.error, undefined);
    assert.equal(result.snaplen, 0);
    assert.deepEqual(result.packets.map((p) => [p.tsSec, p.tsNsec]), [[
      1_000_000_003,
      500_000_000,
    ]]);
  });
});

Deno.test(`pcapng reader refuses a section with more than ${MAX_INTERFACES} interfaces`, () => {
  const writer = new PcapngWriter();
  for (let i = 0; i < MAX_INTERFACES; i++) writer.addInterface(1);
  writer.writePacket(MAX_INTERFACES - 1, 1, 0, pattern(4));
  writer.addInterface(1);
  writer.writePacket(MAX_INTERFACES, 2, 0, pattern(4));
  const result = readBytes(writer.toBytes());
  assert.deepEqual(result.packets.map((p) => p.interfaceId), [MAX_INTERFACES - 1]);
  assert.match(
    result.error?.message ?? "",
    /: more than 65536 interfaces in one section at byte \d+$/,
  );
});
