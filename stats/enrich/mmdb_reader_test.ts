import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
// mmdb-lib 3.0.3, the reader wirescope used before, is the oracle (tests only).
// deno-lint-ignore no-import-prefix
import { Reader } from "npm:mmdb-lib@3.0.3";
import { type MmdbValue, MmdbWriter } from "./data/mmdb_writer.ts";
import {
  findMetadataStart,
  MMDB_NOT_FOUND,
  MMDB_RECORD_CACHE_ENTRIES,
  type MmdbData,
  MmdbReader,
} from "./mmdb_reader.ts";
import { rawFile, str } from "./_test_mmdb_bytes.ts";

const embedded = (name: string) => Deno.readFileSync(new URL(`./data/${name}`, import.meta.url));

/** mmdb-lib 3.0.3, the reader wirescope used before: the oracle. */
function oracle(bytes: Uint8Array): Reader<Record<string, unknown>> {
  return new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Seeded, so a failure names an address that fails again. */
function randomSource(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0);
}

function ipv4Text(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** Our answer in mmdb-lib's form: the record or null, and the prefix length. */
function answer(reader: MmdbReader, offset: number): [MmdbData | null, number] {
  return [offset === MMDB_NOT_FOUND ? null : reader.record(offset), reader.prefixLength];
}

function agreeOnIPv4(bytes: Uint8Array, count: number, seed: number): number {
  const ours = new MmdbReader(bytes);
  const lib = oracle(bytes);
  const random = randomSource(seed);
  let found = 0;
  for (let i = 0; i < count; i++) {
    const a = random();
    const want = lib.getWithPrefixLength(ipv4Text(a));
    assert.deepEqual(answer(ours, ours.lookupIPv4(a)), want, ipv4Text(a));
    if (want[0] !== null) found++;
  }
  return found;
}

const ALLOCATED = [0x2001, 0x2400, 0x2600, 0x2a00];

function agreeOnIPv6(bytes: Uint8Array, count: number, seed: number): number {
  const ours = new MmdbReader(bytes);
  const lib = oracle(bytes);
  const random = randomSource(seed);
  const address = new Uint8Array(16);
  const view = new DataView(address.buffer);
  let found = 0;
  for (let i = 0; i < count; i++) {
    for (let w = 0; w < 16; w += 4) view.setUint32(w, random());
    // Within 2001::/16, 2400::/12, 2600::/12 and 2a00::/12, where the RIRs have allocated,
    // with few bits set in the second 16 so lookups land in networks and around them.
    view.setUint16(0, ALLOCATED[i % ALLOCATED.length]! | (i % 3 === 0 ? 0 : address[1]! & 0x0f));
    address[2] = (address[2] ?? 0) & 0x0f;
    const text = Array.from({ length: 8 }, (_, k) => view.getUint16(k * 2).toString(16)).join(":");
    const want = lib.getWithPrefixLength(text);
    assert.deepEqual(answer(ours, ours.lookup(address)), want, text);
    if (want[0] !== null) found++;
  }
  return found;
}

Deno.test("MmdbReader answers like mmdb-lib for random IPv4 addresses in both embedded databases", () => {
  assert.ok(agreeOnIPv4(embedded("country.mmdb"), 20_000, 1) > 10_000);
  assert.ok(agreeOnIPv4(embedded("asn.mmdb"), 20_000, 2) > 10_000);
});

Deno.test("MmdbReader answers like mmdb-lib for random IPv6 addresses in both embedded databases", () => {
  assert.ok(agreeOnIPv6(embedded("country.mmdb"), 10_000, 3) > 5_000);
  assert.ok(agreeOnIPv6(embedded("asn.mmdb"), 10_000, 4) > 500);
});

Deno.test("MmdbReader and mmdb-lib agree on MmdbWriter files of random ranges and values", () => {
  const random = randomSource(5);
  const w = new MmdbWriter({ databaseType: "Random", description: "r", buildEpoch: 7 });
  for (let i = 0; i < 2_000; i++) {
    const first = BigInt(random());
    const value: MmdbValue = {
      n: random() % 100,
      s: `net ${i % 37}`,
      nested: {
        list: [i % 3 === 0, -i / 4, 2n ** BigInt(i % 64)],
        names: { en: "x".repeat(i % 40) },
      },
    };
    w.insertRange(first, first + BigInt(random() % 4096), value);
  }
  const bytes = w.toBytes();
  assert.ok(agreeOnIPv4(bytes, 20_000, 6) > 0);
  const r = new MmdbReader(bytes);
  assert.deepEqual(r.metadata, {
    ...oracleMetadata(bytes),
    languages: ["en"],
    description: { en: "r" },
  });
});

function oracleMetadata(bytes: Uint8Array) {
  const m = oracle(bytes).metadata;
  return {
    nodeCount: m.nodeCount,
    recordSize: m.recordSize,
    ipVersion: m.ipVersion,
    databaseType: m.databaseType,
    buildEpoch: m.buildEpoch.getTime() / 1000,
    binaryFormatMajorVersion: m.binaryFormatMajorVersion,
    binaryFormatMinorVersion: m.binaryFormatMinorVersion,
  };
}

Deno.test("readPath() and typeAt() read one field of an embedded record without the rest", () => {
  const r = new MmdbReader(embedded("asn.mmdb"));
  const at = r.lookupIPv4(0x08080808);
  assert.equal(r.readPath(at, ["autonomous_system_number"]), 15169);
  assert.equal(r.readPath(at, ["autonomous_system_organization"]), "Google LLC");
  assert.equal(r.readPath(at, ["no_such_field"]), undefined);
  assert.equal(r.typeAt(at, []), 7, "the record is a map");
});

Deno.test("record() keeps records by offset and stays at MMDB_RECORD_CACHE_ENTRIES", () => {
  const w = new MmdbWriter({ databaseType: "t", description: "d", buildEpoch: 0 });
  const n = MMDB_RECORD_CACHE_ENTRIES + 100;
  for (let i = 0; i < n; i++) w.insertRange(BigInt(i * 256), BigInt(i * 256 + 255), { i });
  const r = new MmdbReader(w.toBytes());
  const first = r.record(r.lookupIPv4(0));
  assert.equal(r.record(r.lookupIPv4(200)), first, "one record, one object");
  for (let i = 0; i < n; i++) assert.deepEqual(r.record(r.lookupIPv4(i * 256 + 1)), { i });
  assert.ok(r.cachedRecords <= MMDB_RECORD_CACHE_ENTRIES);
});

/** A one-node tree: 0/1 -> "left" at data offset 0, 1/1 -> "right" at offset `far`. */
function oneNode(recordSize: 24 | 28 | 32, far: number, ipVersion: 4 | 6 = 4): Uint8Array {
  const data = new Uint8Array(far + 8);
  data.set(str("left"), 0);
  data.set(str("right"), far);
  return rawFile({ recordSize, ipVersion, nodes: [[1 + 16, 1 + 16 + far]], data });
}

Deno.test("24-, 28- and 32-bit records are read, 28 and 32 with values past 2^24", () => {
  const cases: [24 | 28 | 32, number][] = [[24, 100], [28, 2 ** 24 + 3], [32, 2 ** 24 + 3]];
  for (const [size, far] of cases) {
    const r = new MmdbReader(oneNode(size, far));
    assert.equal(r.metadata.recordSize, size);
    assert.equal(r.record(r.lookupIPv4(0x01020304)), "left", `${size}-bit left`);
    assert.equal(r.prefixLength, 1);
    assert.equal(r.record(r.lookupIPv4(0xc0000001)), "right", `${size}-bit right`);
  }
});

Deno.test("an IPv4-only tree refuses IPv6 lookups with a RangeError", () => {
  const r = new MmdbReader(oneNode(24, 10, 4));
  assert.throws(() => r.lookup(new Uint8Array(16)), RangeError);
  assert.equal(r.record(r.lookup(new Uint8Array([200, 0, 0, 1]))), "right");
});

Deno.test("IPv4 lookups in an IPv6 tree whose ::/1 is one network answer that network", () => {
  const r = new MmdbReader(oneNode(24, 10, 6));
  assert.equal(r.record(r.lookupIPv4(0xffffffff)), "left");
  assert.equal(r.prefixLength, 0);
});

Deno.test("damaged trees give MmdbFormatError: a node that loops, a record past the data", () => {
  const data = new Uint8Array(str("v"));
  const loop = new MmdbReader(rawFile({ recordSize: 24, ipVersion: 4, nodes: [[0, 0]], data }));
  assert.throws(() => loop.lookupIPv4(1), /search tree deeper than the address/);
  const past = new MmdbReader(rawFile({ recordSize: 24, ipVersion: 4, nodes: [[999, 1]], data }));
  assert.throws(() => past.lookupIPv4(1), /outside the data section/);
  assert.equal(past.lookupIPv4(0x80000000), MMDB_NOT_FOUND);
});

Deno.test("files without a marker, with a bad record size or a tree past the end are refused", () => {
  assert.throws(() => new MmdbReader(new Uint8Array(100)), /no metadata marker/);
  assert.equal(findMetadataStart(new Uint8Array(10)), -1);
  const good = oneNode(24, 10);
  const bad = good.slice();
  bad[bad.length - 1] = 25; // record_size is the last value written
  assert.throws(() => new MmdbReader(bad), /record_size 25/);
  // Ten bytes before the marker: less than the one node (6 bytes) and separator (16) it counts.
  const cut = good.slice(findMetadataStart(good) - 14 - 10);
  assert.throws(() => new MmdbReader(cut), /does not fit before the metadata/);
});
