import assert from "node:assert/strict";
import {
  isWritableTsresol,
  type TimeOut,
  timeToUnits,
  type UnitsOut,
  unitsToTime,
} from "./timestamp_units.ts";

/** The reference: exact BigInt arithmetic, which the implementation must agree with. */
function reference(units: bigint, tsresol: number): [number, number] {
  const exponent = BigInt(tsresol & 0x7f);
  const perSec = (tsresol & 0x80) !== 0 ? 1n << exponent : 10n ** exponent;
  const sec = units / perSec;
  const nsec = ((units % perSec) * 1_000_000_000n) / perSec;
  return [Number(sec), Number(nsec)];
}

function convert(units: bigint, tsresol: number): [number, number] {
  const out: TimeOut = { sec: -1, nsec: -1 };
  unitsToTime(Number(units >> 32n), Number(units & 0xffff_ffffn), tsresol, out);
  return [out.sec, out.nsec];
}

/** A deterministic spread of 64-bit values: edges plus a xorshift sequence. */
function samples(): bigint[] {
  const values = [
    0n,
    1n,
    999_999_999n,
    1_000_000_000n,
    0xffff_ffffn,
    0x1_0000_0000n,
    1_725_966_551_231_155_000n,
    1_767_663_089_500_330_493n,
    (1n << 53n) + 1n,
    (1n << 64n) - 1n,
  ];
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 300; i++) {
    x ^= (x << 13n) & 0xffff_ffff_ffff_ffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffff_ffff_ffff_ffffn;
    values.push(x);
  }
  return values;
}

Deno.test("unitsToTime() is exact for every power-of-ten resolution 10^0..10^30", () => {
  for (let exponent = 0; exponent <= 30; exponent++) {
    for (const units of samples()) {
      const [sec, nsec] = reference(units, exponent);
      if (sec > Number.MAX_SAFE_INTEGER) continue; // a double cannot hold it anyway
      assert.deepEqual(convert(units, exponent), [sec, nsec], `10^-${exponent}: ${units}`);
    }
  }
});

Deno.test("unitsToTime() is exact for every power-of-two resolution 2^0..2^100", () => {
  for (let exponent = 0; exponent <= 100; exponent++) {
    const tsresol = 0x80 | exponent;
    for (const units of samples()) {
      const [sec, nsec] = reference(units, tsresol);
      if (sec > Number.MAX_SAFE_INTEGER) continue;
      assert.deepEqual(convert(units, tsresol), [sec, nsec], `2^-${exponent}: ${units}`);
    }
  }
});

Deno.test("unitsToTime() keeps the nanoseconds of a 2026 ns timestamp above 2^53", () => {
  // 1767663089.500330493 s in ns is 1.77e18, far past 2^53 (9.0e15): doubles would round it.
  assert.deepEqual(convert(1_767_663_089_500_330_493n, 9), [1_767_663_089, 500_330_493]);
});

Deno.test("timeToUnits() inverts unitsToTime() for every writable resolution", () => {
  const out: UnitsOut = { hi: 0, lo: 0 };
  const times: Array<[number, number]> = [[0, 0], [1, 1], [1_767_663_089, 500_330_493], [
    0xffff_ffff,
    999_999_999,
  ], [946_735_705, 348_929_000]];
  const resolutions = [...Array(10).keys(), ...[...Array(33).keys()].map((e) => 0x80 | e)];
  for (const tsresol of resolutions) {
    for (const [sec, nsec] of times) {
      timeToUnits(sec, nsec, tsresol, out);
      const units = (BigInt(out.hi) << 32n) | BigInt(out.lo);
      const exponent = BigInt(tsresol & 0x7f);
      const perSec = (tsresol & 0x80) !== 0 ? 1n << exponent : 10n ** exponent;
      const expected = BigInt(sec) * perSec + (BigInt(nsec) * perSec) / 1_000_000_000n;
      assert.equal(units, expected, `tsresol 0x${tsresol.toString(16)} ${sec}.${nsec}`);
      assert.ok(out.lo >= 0 && out.lo < 2 ** 32 && out.hi >= 0 && out.hi < 2 ** 32);
    }
  }
});

Deno.test("timeToUnits() throws RangeError when the count passes 64 bits", () => {
  const out: UnitsOut = { hi: 0, lo: 0 };
  // 2^32 units per second leaves 32 bits for seconds.
  assert.throws(() => timeToUnits(2 ** 32, 0, 0x80 | 32, out), RangeError);
  assert.throws(() => timeToUnits(2 ** 40, 0, 9, out), RangeError);
});

Deno.test("isWritableTsresol() accepts 10^-0..9 and 2^-0..32 only", () => {
  assert.ok(isWritableTsresol(6) && isWritableTsresol(9) && isWritableTsresol(0x80 | 32));
  assert.ok(!isWritableTsresol(10) && !isWritableTsresol(0x80 | 33) && !isWritableTsresol(256));
  assert.ok(!isWritableTsresol(-1) && !isWritableTsresol(1.5));
});
