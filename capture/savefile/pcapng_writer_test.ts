import assert from "node:assert/strict";
import { PcapngWriter } from "./pcapng_writer.ts";
import { pattern, readBytes, withTempFile } from "./_test_savefile.ts";

/** Three interfaces that differ in link type, snaplen and timestamp unit. */
function threeInterfaceFile(littleEndian: boolean): Uint8Array {
  const writer = new PcapngWriter({ littleEndian });
  const ether = writer.addInterface(1); // µs, the default, written without if_tsresol
  const raw = writer.addInterface(12, { tsresol: 9, snaplen: 100 });
  const sll2 = writer.addInterface(276, { tsresol: 0x80 | 20 }); // 2^-20 s
  writer.writePacket(ether, 1_700_000_000, 123_456_789, pattern(60, 1));
  writer.writePacket(raw, 1_767_663_089, 500_330_493, pattern(1500, 2));
  writer.writePacket(sll2, 1_700_000_002, 500_000_000, pattern(3, 3), 80);
  writer.writePacket(ether, 1_700_000_003, 0, pattern(0, 4));
  return writer.toBytes();
}

for (const littleEndian of [true, false]) {
  const order = littleEndian ? "little" : "big";
  Deno.test(`PcapngWriter round-trips three interfaces in ${order}-endian`, () => {
    const result = readBytes(threeInterfaceFile(littleEndian));
    assert.equal(result.error, undefined);
    assert.equal(result.format, "pcapng");
    assert.equal(result.linkType, 1);
    assert.equal(result.snaplen, 262_144);
    const summary = result.packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec]);
    assert.deepEqual(summary, [
      [0, 1, 1_700_000_000, 123_456_000], // truncated to µs
      [1, 12, 1_767_663_089, 500_330_493],
      [2, 276, 1_700_000_002, 500_000_000], // 0.5 s is exact in 2^-20 units
      [0, 1, 1_700_000_003, 0],
    ]);
    assert.deepEqual(result.packets.map((p) => [p.caplen, p.wireLen]), [
      [60, 60],
      [100, 1500], // cut to the interface's snaplen
      [3, 80],
      [0, 0],
    ]);
    assert.deepEqual(result.packets[1]?.bytes, pattern(100, 2));
    assert.deepEqual(result.packets[2]?.bytes, pattern(3, 3));
  });
}

Deno.test("PcapngWriter.startSection() restarts interface IDs at 0", () => {
  const writer = new PcapngWriter();
  writer.addInterface(1);
  writer.addInterface(113);
  writer.writePacket(1, 1, 0, pattern(4));
  writer.startSection();
  assert.throws(() => writer.writePacket(1, 1, 0, pattern(4)), RangeError);
  assert.equal(writer.addInterface(276), 0);
  writer.writePacket(0, 2, 0, pattern(4));
  const result = readBytes(writer.toBytes());
  assert.deepEqual(result.packets.map((p) => [p.interfaceId, p.linkType]), [[1, 113], [0, 276]]);
});

Deno.test("PcapngWriter rejects resolutions and values it cannot encode with RangeError", () => {
  const writer = new PcapngWriter();
  assert.throws(() => writer.addInterface(1, { tsresol: 12 }), RangeError);
  assert.throws(() => writer.addInterface(70_000), RangeError);
  const id = writer.addInterface(1, { tsresol: 9 });
  assert.throws(() => writer.writePacket(id, 2 ** 40, 0, pattern(1)), RangeError);
  assert.throws(() => writer.writePacket(id, 1, -1, pattern(1)), RangeError);
  assert.throws(() => writer.writePacket(id, 1, 0, pattern(8), 4), RangeError);
});

/** Runs a tool if installed; undefined (and a printed reason) when it is missing. */
function run(tool: string, args: string[]): string | undefined {
  try {
    const output = new Deno.Command(tool, { args, stdout: "piped", stderr: "null" }).outputSync();
    assert.equal(output.code, 0, `${tool} ${args.join(" ")}`);
    return new TextDecoder().decode(output.stdout);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    console.log(`skipping the ${tool} cross-check: ${tool} is not installed`);
    return undefined;
  }
}

Deno.test("tshark reads a PcapngWriter file with the same interfaces, times and lengths", () => {
  withTempFile(threeInterfaceFile(true), (path) => {
    const fields = ["frame.interface_id", "frame.time_epoch", "frame.len", "frame.cap_len"];
    const stdout = run("tshark", [
      "-n",
      "-r",
      path,
      "-T",
      "fields",
      ...fields.flatMap((f) => ["-e", f]),
    ]);
    if (stdout !== undefined) {
      assert.deepEqual(stdout.trimEnd().split("\n"), [
        "0\t1700000000.123456000\t60\t60",
        "1\t1767663089.500330493\t1500\t100",
        "2\t1700000002.500000000\t80\t3",
        "0\t1700000003.000000000\t0\t0",
      ]);
    }
    const capinfos = run("capinfos", ["-c", "-I", path]);
    if (capinfos !== undefined) {
      assert.match(capinfos, /Number of packets:\s+4/);
      assert.match(capinfos, /Number of interfaces in file: 3/);
    }
  });
});
