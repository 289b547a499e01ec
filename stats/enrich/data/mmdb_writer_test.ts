import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
// mmdb-lib, an independent reader, checks the writer where our own reader could share a mistake.
// deno-lint-ignore no-import-prefix
import { Reader } from "npm:mmdb-lib@3.0.3";
import { parseAddress } from "../../../net/ip_format.ts";
import { MMDB_NOT_FOUND, type MmdbData, MmdbReader } from "../mmdb_reader.ts";
import { MmdbWriter, readUint128 } from "./mmdb_writer.ts";

const big = (ip: string) => readUint128(parseAddress(ip)!.bytes);
const v4 = (ip: string) => readUint128(parseAddress(ip)!.bytes.slice(0, 4));

/** The record for an address as text, or null: lookups the way the tests below ask them. */
function read(bytes: Uint8Array) {
  const reader = new MmdbReader(bytes);
  return {
    get(ip: string): Record<string, MmdbData> | null {
      const at = reader.lookup(parseAddress(ip)!.bytes);
      return at === MMDB_NOT_FOUND ? null : reader.record(at) as Record<string, MmdbData>;
    },
  };
}

Deno.test("MmdbWriter output is read back by mmdb-lib with its metadata", () => {
  const w = new MmdbWriter({
    databaseType: "Test-ASN",
    description: "d",
    buildEpoch: 1_700_000_000,
  });
  w.insertRange(v4("10.0.0.0"), v4("10.0.0.255"), { n: 1, s: "ten" });
  const bytes = w.toBytes();
  const reader = new Reader<Record<string, unknown>>(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
  );
  assert.equal(reader.metadata.databaseType, "Test-ASN");
  assert.equal(reader.metadata.ipVersion, 6);
  assert.equal(reader.metadata.recordSize, 24);
  assert.equal(reader.metadata.buildEpoch.getTime(), 1_700_000_000_000);
  assert.deepEqual(reader.get("10.0.0.77"), { n: 1, s: "ten" });
  assert.equal(reader.get("10.0.1.0"), null);
  const ours = new MmdbReader(bytes);
  assert.equal(ours.metadata.buildEpoch, 1_700_000_000);
  assert.deepEqual(ours.record(ours.lookupIPv4(0x0a00004d)), reader.get("10.0.0.77"));
});

Deno.test("insertRange() covers an unaligned range exactly, first and last address included", () => {
  const w = new MmdbWriter({ databaseType: "t", description: "d", buildEpoch: 0 });
  w.insertRange(v4("1.0.0.3"), v4("1.0.1.4"), { v: 7 });
  w.insertRange(big("2001:db8::5"), big("2001:db8::1:0"), { v: 6 });
  const r = read(w.toBytes());
  for (const ip of ["1.0.0.3", "1.0.0.200", "1.0.1.4", "2001:db8::5", "2001:db8::1:0"]) {
    assert.deepEqual(r.get(ip), { v: ip.includes(":") ? 6 : 7 }, ip);
  }
  for (const ip of ["1.0.0.2", "1.0.1.5", "2001:db8::4", "2001:db8::1:1"]) {
    assert.equal(r.get(ip), null, ip);
  }
});

Deno.test("a longer prefix inserted inside a shorter one splits it and both answer", () => {
  const w = new MmdbWriter({ databaseType: "t", description: "d", buildEpoch: 0 });
  w.insertRange(v4("8.0.0.0"), v4("8.255.255.255"), { who: "wide" });
  w.insertRange(v4("8.8.8.0"), v4("8.8.8.255"), { who: "narrow" });
  const r = read(w.toBytes());
  assert.deepEqual(r.get("8.8.8.8"), { who: "narrow" });
  assert.deepEqual(r.get("8.8.9.1"), { who: "wide" });
  assert.deepEqual(r.get("8.0.0.0"), { who: "wide" });
});

Deno.test("values of every type round-trip, long strings and big maps included", () => {
  const long = "x".repeat(70_000);
  const map = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i * 1000]));
  const value = { long, map, neg: -1.5, big: 2n ** 40n, yes: true, list: ["a", 300, false] };
  const w = new MmdbWriter({ databaseType: "t", description: "d", buildEpoch: 0 });
  w.insertRange(v4("5.5.5.5"), v4("5.5.5.5"), value);
  const got = read(w.toBytes()).get("5.5.5.5")!;
  assert.equal(got["long"], long);
  assert.deepEqual(got["map"], map);
  assert.equal(got["neg"], -1.5);
  assert.equal(got["big"], 2n ** 40n);
  assert.equal(got["yes"], true);
  assert.deepEqual(got["list"], ["a", 300, false]);
});

Deno.test("equal values are stored once however many ranges share them", () => {
  const w = new MmdbWriter({ databaseType: "t", description: "d", buildEpoch: 0 });
  for (let i = 0; i < 100; i++) w.insertRange(BigInt(i * 512), BigInt(i * 512 + 255), { same: 1 });
  w.insertRange(1n << 100n, 1n << 100n, { other: 2 });
  assert.equal(w.valueCount, 2);
});
