/**
 * Every way a savefile can be damaged gives a `SavefileError` with a one-line message, and the
 * reader first returns every whole packet before the damage.
 */

import assert from "node:assert/strict";
import { PcapWriter } from "./pcap_writer.ts";
import { PcapngWriter } from "./pcapng_writer.ts";
import { MAX_CAPLEN, MAX_HELD_BYTES } from "./savefile_limits.ts";
import { SavefileError } from "./savefile_error.ts";
import { openSavefile } from "./savefile_reader.ts";
import {
  BodyBuilder,
  concat,
  openError,
  pattern,
  readBytes,
  withTempFile,
} from "./_test_savefile.ts";

/** Chunk sizes: the default, and one that splits every record. */
const CHUNKS = [undefined, 5];

/** Three 60-byte records; they start at bytes 24, 100 and 176, and the file ends at 252. */
function pcapFile(): Uint8Array {
  const writer = new PcapWriter({ linkType: 1 });
  for (let i = 0; i < 3; i++) writer.writePacket(100 + i, 0, pattern(60, i));
  return writer.toBytes();
}

/** SHB (0..27), IDB (28..47), three 92-byte EPBs at 48, 140 and 232; the file ends at 324. */
function pcapngFile(): Uint8Array {
  const writer = new PcapngWriter();
  writer.addInterface(1);
  for (let i = 0; i < 3; i++) writer.writePacket(0, 100 + i, 0, pattern(60, i));
  return writer.toBytes();
}

function patched(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(at, value, true);
  return copy;
}

/** Asserts that reading returns `whole` packets, then fails with `detail` at `byteOffset`. */
function assertDamage(bytes: Uint8Array, whole: number, detail: string, byteOffset: number) {
  for (const chunkBytes of CHUNKS) {
    const result = readBytes(bytes, chunkBytes === undefined ? {} : { chunkBytes });
    assert.equal(result.packets.length, whole, detail);
    result.packets.forEach((packet, i) => assert.deepEqual(packet.bytes, pattern(60, i)));
    assert.ok(result.error !== undefined, `no error for: ${detail}`);
    assert.match(result.error.message, /^Cannot read "[^"\n]+": [^\n]+$/);
    assert.equal(result.error.message.slice(result.error.message.indexOf('": ') + 3), detail);
    assert.equal(result.error.byteOffset, byteOffset);
  }
}

/** Asserts that opening fails with `detail`. */
function assertOpenFails(bytes: Uint8Array, detail: string) {
  const error = openError(bytes);
  assert.ok(error !== undefined, `no error for: ${detail}`);
  assert.match(error.message, /^Cannot read "[^"\n]+": [^\n]+$/);
  assert.equal(error.message.slice(error.message.indexOf('": ') + 3), detail);
}

Deno.test("openSavefile() refuses an empty file", () => {
  assertOpenFails(new Uint8Array(0), "empty file");
});

Deno.test("openSavefile() refuses a non-capture file and shows its magic", () => {
  assertOpenFails(
    new TextEncoder().encode("GET / HTTP/1.1\r\n"),
    "not a capture file (magic 0x47455420)",
  );
  assertOpenFails(Uint8Array.of(1, 2, 3), "not a capture file: only 3 bytes");
  assertOpenFails(
    Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0),
    "not a capture file (magic 0x1f8b0800, gzip-compressed (decompress it first))",
  );
});

Deno.test("openSavefile() refuses a truncated or unknown pcap file header", () => {
  assertOpenFails(pcapFile().subarray(0, 14), "truncated file header: 14 of 24 bytes");
  const version = pcapFile();
  new DataView(version.buffer).setUint16(4, 1, true);
  assertOpenFails(version, "unsupported pcap version 1.4");
});

Deno.test("openSavefile() names a missing file in a Cannot open error", () => {
  const path = `${Deno.makeTempDirSync()}/missing.pcap`;
  try {
    assert.throws(() => openSavefile(path), (error: unknown) => {
      assert.ok(error instanceof SavefileError);
      assert.ok(error.cause instanceof Deno.errors.NotFound);
      assert.ok(error.message.startsWith(`Cannot open "${path}": No such file or directory`));
      return true;
    });
  } finally {
    Deno.removeSync(path.slice(0, path.lastIndexOf("/")));
  }
});

Deno.test("pcap reader stops at a record whose caplen passes MAX_CAPLEN", () => {
  assertDamage(
    patched(pcapFile(), 176 + 8, MAX_CAPLEN + 1),
    2,
    `record at byte 176 has caplen ${MAX_CAPLEN + 1}, above the ${MAX_CAPLEN}-byte limit`,
    176,
  );
});

Deno.test("pcap reader returns whole packets, then reports a truncated last record", () => {
  assertDamage(
    pcapFile().subarray(0, 176 + 16 + 30),
    2,
    "truncated record at byte 176: caplen 60, 30 bytes of data present",
    176,
  );
  assertDamage(
    pcapFile().subarray(0, 176 + 5),
    2,
    "truncated record header at byte 176: 5 of 16 bytes",
    176,
  );
});

Deno.test("the reader throws the same error again on every later next() call", () => {
  withTempFile(pcapFile().subarray(0, 200), (path) => {
    const reader = openSavefile(path);
    assert.ok(reader.next() && reader.next());
    let first: unknown;
    try {
      reader.next();
    } catch (error) {
      first = error;
    }
    assert.ok(first instanceof SavefileError);
    assert.throws(() => reader.next(), (error: unknown) => error === first);
    reader.close();
    assert.equal(reader.next(), false, "a closed reader has no more packets");
  });
});

Deno.test("openSavefile() refuses a pcapng file with a damaged section header", () => {
  assertOpenFails(
    pcapngFile().subarray(0, 10),
    "truncated section header at byte 0: 10 of 12 bytes",
  );
  assertOpenFails(patched(pcapngFile(), 8, 0), "bad byte-order magic 0x00000000 at byte 8");
  const version = pcapngFile();
  new DataView(version.buffer).setUint16(12, 2, true);
  assertOpenFails(version, "unsupported pcapng version 2.0 at byte 0");
});

Deno.test("openSavefile() refuses a pcapng file without an interface before its packets", () => {
  assertOpenFails(
    pcapngFile().subarray(0, 28),
    "no interface description block before the end of the file",
  );
  assertOpenFails(
    concat(pcapngFile().subarray(0, 28), pcapngFile().subarray(48, 140)),
    "packet at byte 28 names interface 0, but the section defines 0",
  );
});

Deno.test("openSavefile() refuses an interface option that runs past its block", () => {
  const writer = new PcapngWriter();
  writer.writeBlock(1, new BodyBuilder().u16(1).u16(0).u32(0).u16(9).u16(200).u32(0).build());
  assertOpenFails(
    writer.toBytes(),
    "option 9 of the interface description block at byte 28 runs past the block",
  );
});

Deno.test("pcapng reader returns whole packets, then reports a truncated last block", () => {
  assertDamage(
    pcapngFile().subarray(0, 232 + 50),
    2,
    "truncated block at byte 232: 92 bytes announced, 50 present",
    232,
  );
  assertDamage(
    pcapngFile().subarray(0, 232 + 5),
    2,
    "truncated block header at byte 232: 5 of 8 bytes",
    232,
  );
  const writer = new PcapngWriter();
  writer.writeBlock(0x0bad, pattern(100));
  const custom = writer.toBytes().subarray(28);
  assertDamage(
    concat(pcapngFile(), custom.subarray(0, 50)),
    3,
    "truncated block of type 2989 at byte 324: 112 bytes announced, 50 present",
    324,
  );
});

Deno.test("pcapng reader stops at a block whose lengths are inconsistent", () => {
  assertDamage(patched(pcapngFile(), 232 + 4, 90), 2, "invalid block length 90 at byte 232", 232);
  assertDamage(patched(pcapngFile(), 232 + 4, 8), 2, "invalid block length 8 at byte 232", 232);
  assertDamage(
    patched(pcapngFile(), 232 + 88, 0),
    2,
    "block at byte 232 ends with length 0, not the 92 it starts with",
    232,
  );
  assertDamage(
    patched(pcapngFile(), 232 + 20, 80),
    2,
    "packet at byte 232 has caplen 80, more than its block holds (60)",
    232,
  );
});

Deno.test("pcapng reader stops at a packet whose caplen or block passes the limits", () => {
  const big = (caplen: number) => {
    const writer = new PcapngWriter();
    const body = new BodyBuilder().u32(0).u32(0).u32(0).u32(caplen).u32(caplen).build();
    writer.writeBlock(6, concat(body, new Uint8Array(caplen)));
    return concat(pcapngFile(), writer.toBytes().subarray(28));
  };
  assertDamage(
    big(MAX_CAPLEN + 4),
    3,
    `packet at byte 324 has caplen ${MAX_CAPLEN + 4}, above the ${MAX_CAPLEN}-byte limit`,
    324,
  );
  const huge = MAX_HELD_BYTES + 4;
  assertDamage(
    big(huge),
    3,
    `block of type 6 at byte 324 is ${huge + 32} bytes, above the ${MAX_HELD_BYTES}-byte limit`,
    324,
  );
});

Deno.test("pcapng reader stops at a packet naming an undefined interface", () => {
  assertDamage(
    patched(pcapngFile(), 232 + 8, 5),
    2,
    "packet at byte 232 names interface 5, but the section defines 1",
    232,
  );
});
