import assert from "node:assert/strict";
import { PcapWriter, type PcapWriterOptions } from "./pcap_writer.ts";
import { openSavefile } from "./savefile_reader.ts";
import { pattern, readAll, readBytes, withTempFile } from "./_test_savefile.ts";
import { captureNames, capturePath, expectedFor } from "../../tests/support/captures.ts";

/** [tsSec, tsNsec, length, wireLen] covering empty, tiny, full-size and snaplen-cut frames. */
const PACKETS: Array<[number, number, number, number]> = [
  [0, 0, 0, 0],
  [1, 999_999_999, 1, 1],
  [1_700_000_000, 123_456_789, 60, 60],
  [1_700_000_000, 123_457_000, 1514, 1514],
  [0xffff_ffff, 500_000_000, 96, 9000],
  [1_767_663_089, 500_330_493, 65_535, 65_535],
];

function writeAll(options: PcapWriterOptions): PcapWriter {
  const writer = new PcapWriter(options);
  PACKETS.forEach(([sec, nsec, length, wireLen], i) => {
    writer.writePacket(sec, nsec, pattern(length, i), wireLen);
  });
  return writer;
}

for (const nanosecond of [false, true]) {
  for (const littleEndian of [true, false]) {
    const label = `${nanosecond ? "ns" : "µs"} ${littleEndian ? "little" : "big"}-endian`;
    Deno.test(`PcapWriter round-trips through the reader in ${label}`, () => {
      const bytes = writeAll({ linkType: 1, nanosecond, littleEndian }).toBytes();
      const result = readBytes(bytes);
      assert.equal(result.error, undefined);
      assert.equal(result.format, nanosecond ? "pcap-nsec" : "pcap");
      assert.equal(result.linkType, 1);
      assert.equal(result.snaplen, 262_144);
      assert.equal(result.packets.length, PACKETS.length);
      result.packets.forEach((packet, i) => {
        const [sec, nsec, length, wireLen] = PACKETS[i] ?? [0, 0, 0, 0];
        assert.equal(packet.tsSec, sec);
        // µs files keep whole microseconds: the sub-µs digits are truncated.
        assert.equal(packet.tsNsec, nanosecond ? nsec : Math.floor(nsec / 1000) * 1000);
        assert.equal(packet.wireLen, wireLen);
        assert.equal(packet.linkType, 1);
        assert.deepEqual(packet.bytes, pattern(length, i));
      });
    });
  }
}

Deno.test("PcapWriter cuts packets to the snaplen and keeps their wire length", () => {
  const writer = new PcapWriter({ linkType: 1, snaplen: 68 });
  writer.writePacket(10, 0, pattern(1514));
  const [packet] = readBytes(writer.toBytes()).packets;
  assert.equal(packet?.caplen, 68);
  assert.equal(packet?.wireLen, 1514);
  assert.deepEqual(packet?.bytes, pattern(68));
});

Deno.test("PcapWriter stores DLT_RAW 12 as LINKTYPE_RAW 101, which reads back as 12", () => {
  const bytes = new PcapWriter({ linkType: 12 }).toBytes();
  assert.equal(new DataView(bytes.buffer).getUint32(20, true), 101);
  assert.equal(readBytes(bytes).linkType, 12);
});

Deno.test("PcapWriter to a file with a tiny buffer writes the same bytes as in memory", () => {
  const expected = writeAll({ linkType: 1, nanosecond: true }).toBytes();
  const path = Deno.makeTempFileSync();
  try {
    const file = Deno.openSync(path, { write: true, truncate: true });
    const writer = writeAll({ linkType: 1, nanosecond: true, file, bufferBytes: 100 });
    writer.close();
    writer.close();
    assert.deepEqual(Deno.readFileSync(path), expected);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("PcapWriter rewrites every classic pcap of the corpus byte for byte", () => {
  let rewritten = 0;
  for (const name of captureNames()) {
    const path = capturePath(name);
    const original = Deno.readFileSync(path);
    const reader = openSavefile(path);
    if (reader.format === "pcapng") {
      reader.close();
      continue;
    }
    const writer = new PcapWriter({
      linkType: reader.linkType,
      snaplen: reader.snaplen,
      nanosecond: reader.format === "pcap-nsec",
      // A big-endian file starts with the magic's most significant byte, 0xa1.
      littleEndian: original[0] !== 0xa1,
    });
    while (reader.next()) {
      const data = new Uint8Array(reader.data.buffer, reader.offset, reader.caplen);
      writer.writePacket(reader.tsSec, reader.tsNsec, data, reader.wireLen);
    }
    reader.close();
    assert.deepEqual(writer.toBytes(), original, name);
    rewritten++;
  }
  // Every capture whose expected header says classic pcap (either byte order, µs or ns).
  const classic = captureNames().filter((name) => expectedFor(name).header.format !== "pcapng");
  assert.equal(rewritten, classic.length);
  assert.ok(rewritten >= 45, `${rewritten} classic pcaps in the corpora`);
});

Deno.test("PcapWriter rejects values the format cannot hold with RangeError", () => {
  const writer = new PcapWriter({ linkType: 1 });
  assert.throws(() => writer.writePacket(-1, 0, pattern(1)), RangeError);
  assert.throws(() => writer.writePacket(2 ** 32, 0, pattern(1)), RangeError);
  assert.throws(() => writer.writePacket(0, 1_000_000_000, pattern(1)), RangeError);
  assert.throws(() => writer.writePacket(0, 0, pattern(10), 9), RangeError);
  assert.throws(() => new PcapWriter({ linkType: 1, snaplen: -1 }), RangeError);
});

Deno.test("PcapWriter.toBytes() refuses a writer that writes to a file", () => {
  const path = Deno.makeTempFileSync();
  try {
    const writer = new PcapWriter({ linkType: 1, file: Deno.openSync(path, { write: true }) });
    assert.throws(() => writer.toBytes(), TypeError);
    writer.close();
    assert.throws(() => writer.writePacket(0, 0, pattern(1)), TypeError);
  } finally {
    Deno.removeSync(path);
  }
});

/** Runs a tool if installed; undefined (and a printed reason) when it is missing. */
function run(tool: string, args: string[]): { code: number; stdout: string } | undefined {
  try {
    const output = new Deno.Command(tool, { args, stdout: "piped", stderr: "piped" }).outputSync();
    return { code: output.code, stdout: new TextDecoder().decode(output.stdout) };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    console.log(`skipping the ${tool} cross-check: ${tool} is not installed`);
    return undefined;
  }
}

Deno.test("tcpdump and capinfos read a PcapWriter file with the same packets and times", () => {
  // Ethernet + IPv4 + UDP 1234 -> 53, 8 payload bytes: 50 bytes on the wire.
  const frame = Uint8Array.from([
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00],
    ...[0x45, 0, 0, 36, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2],
    ...[0x04, 0xd2, 0, 53, 0, 16, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  ]);
  const writer = new PcapWriter({ linkType: 1, nanosecond: true, littleEndian: false });
  writer.writePacket(1_700_000_000, 1, frame);
  writer.writePacket(1_700_000_001, 999_999_999, frame);
  writer.writePacket(1_700_000_002, 500_000_000, frame.subarray(0, 20), frame.length);
  withTempFile(writer.toBytes(), (path) => {
    const tcpdump = run("tcpdump", ["-n", "-r", path, "-tt", "--nano"]);
    if (tcpdump !== undefined) {
      assert.equal(tcpdump.code, 0);
      const lines = tcpdump.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 3);
      assert.match(
        lines[0] ?? "",
        /^1700000000\.000000001 IP 10\.0\.0\.1\.1234 > 10\.0\.0\.2\.53:/,
      );
      assert.match(lines[1] ?? "", /^1700000001\.999999999 IP /);
      assert.match(lines[2] ?? "", /^1700000002\.500000000 /);
    }
    const capinfos = run("capinfos", ["-M", "-c", "-d", "-E", "-T", "-r", path]);
    if (capinfos !== undefined) {
      assert.equal(capinfos.code, 0);
      // Columns: file, encapsulation, packets, data size (the sum of wire lengths).
      assert.match(capinfos.stdout, /\tether\t3\t150$/m);
    }
  });
  // The same file read by our reader, for symmetry with the tools above.
  const result = withTempFile(writer.toBytes(), (path) => readAll(path));
  assert.deepEqual(result.packets.map((p) => p.caplen), [50, 50, 20]);
});
