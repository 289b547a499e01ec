import assert from "node:assert/strict";
import { MMDB_MAX_NESTING, MMDB_MAX_VALUES, MmdbDecoder } from "./mmdb_decoder.ts";
import { MmdbFormatError, MmdbType } from "./mmdb_format.ts";
import { control, map, pointer, str, uint } from "./_test_mmdb_bytes.ts";

/** A decoder over a section that starts after a few bytes of something else. */
function section(bytes: number[]): MmdbDecoder {
  const lead = [0xee, 0xee, 0xee];
  return new MmdbDecoder(new Uint8Array([...lead, ...bytes, 0xee]), 3, 3 + bytes.length);
}

function float(type: number, value: number): number[] {
  const size = type === MmdbType.double ? 8 : 4;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  if (size === 8) v.setFloat64(0, value);
  else v.setFloat32(0, value);
  return [...control(type, size), ...b];
}

Deno.test("decode() reads every data section type", () => {
  const cases: [number[], unknown][] = [
    [str("Zürich"), "Zürich"],
    [str(""), ""],
    [float(MmdbType.double, -1.5), -1.5],
    [float(MmdbType.float, 0.25), 0.25],
    [[...control(MmdbType.bytes, 3), 1, 2, 3], new Uint8Array([1, 2, 3])],
    [uint(MmdbType.uint16, 65_535), 65_535],
    [uint(MmdbType.uint32, 0), 0],
    [uint(MmdbType.uint32, 4_294_967_295), 4_294_967_295],
    [[...control(MmdbType.int32, 4), 0xff, 0xff, 0xff, 0xfe], -2],
    [[...control(MmdbType.int32, 2), 0xff, 0xfe], 65_534],
    [uint(MmdbType.uint64, 2n ** 64n - 1n), 2n ** 64n - 1n],
    [uint(MmdbType.uint128, 2n ** 127n + 5n), 2n ** 127n + 5n],
    [control(MmdbType.boolean, 1), true],
    [control(MmdbType.boolean, 0), false],
    [[...control(MmdbType.array, 2), ...str("a"), ...uint(MmdbType.uint16, 7)], ["a", 7]],
    [map([[str("k"), map([[str("n"), str("v")]])]]), { k: { n: "v" } }],
  ];
  for (const [bytes, want] of cases) assert.deepEqual(section(bytes).decode(0), want);
});

Deno.test("decode() reads the long size forms: 29+, 285+ and 65,821+ bytes", () => {
  for (const n of [28, 29, 284, 285, 65_820, 65_821, 70_000]) {
    const text = "y".repeat(n);
    assert.equal(section(str(text)).decode(0), text, `length ${n}`);
  }
});

Deno.test("pointers of every width resolve relative to the section start", () => {
  const cases: [number[], number][] = [
    [[0x20, 0x05], 5],
    [[0x21, 0x00], 256],
    [[0x28, 0x00, 0x05], 2_048 + 5],
    [[0x29, 0x00, 0x00], 2_048 + 65_536],
    [[0x30, 0x00, 0x00, 0x05], 526_336 + 5],
    [[0x38, 0x00, 0x00, 0x00, 0x09], 9],
  ];
  for (const [encoded, target] of cases) {
    const bytes = new Uint8Array(target + 8);
    bytes.set(map([[str("p"), encoded]]));
    bytes.set(str("hit"), target);
    const d = new MmdbDecoder(bytes, 0, bytes.length);
    assert.deepEqual(d.decode(0), { p: "hit" }, `pointer to ${target}`);
  }
});

Deno.test("map keys given as pointers are matched by decode() and readPath()", () => {
  const bytes = [...str("country"), ...map([[pointer(0), map([[str("iso_code"), str("SE")]])]])];
  const d = section(bytes);
  assert.deepEqual(d.decode(8), { country: { iso_code: "SE" } });
  assert.equal(d.readPath(8, ["country", "iso_code"]), "SE");
});

Deno.test("readPath() skips other values and answers undefined for a missing key", () => {
  const record = map([
    [str("list"), [...control(MmdbType.array, 2), ...map([[str("x"), str("1")]]), ...str("z")]],
    [str("big"), uint(MmdbType.uint128, 2n ** 100n)],
    [str("flag"), control(MmdbType.boolean, 1)],
    [str("names"), map([[str("en"), str("Sweden")], [str("fr"), str("Suède")]])],
  ]);
  const d = section(record);
  assert.equal(d.readPath(0, ["names", "fr"]), "Suède");
  assert.equal(d.readPath(0, ["flag"]), true);
  assert.equal(d.readPath(0, ["names", "de"]), undefined);
  assert.equal(d.readPath(0, ["list", "x"]), undefined, "an array is no step of a path");
  assert.equal(d.typeAt(0, ["names"]), MmdbType.map);
  assert.equal(d.typeAt(0, ["list"]), MmdbType.array);
  assert.equal(d.typeAt(0, ["nothing"]), 0);
  assert.equal(d.readPath(0, ["név"]), undefined, "a non-ASCII key is compared as text");
});

Deno.test("a value running past the section's end is an error, not a read beyond it", () => {
  const cut = str("truncated").slice(0, 5);
  assert.throws(() => section(cut).decode(0), MmdbFormatError);
  assert.throws(() => section([0x20]).decode(0), MmdbFormatError, "pointer missing its byte");
  assert.throws(() => section(str("x")).decode(2), MmdbFormatError, "offset past the end");
  assert.throws(() => section(map([[str("k"), pointer(900)]])).decode(0), MmdbFormatError);
});

Deno.test("a pointer to a pointer is refused, so pointer loops cannot start", () => {
  assert.throws(() => section(pointer(0)).decode(0), { message: /pointer to a pointer/ });
  assert.throws(() => section([...pointer(2), ...pointer(0)]).decode(0), MmdbFormatError);
});

Deno.test("a map that contains itself fails at MMDB_MAX_NESTING, not with a hang", () => {
  assert.throws(() => section(map([[str("me"), pointer(0)]])).decode(0), {
    message: new RegExp(`nesting deeper than ${MMDB_MAX_NESTING}`),
  });
});

Deno.test("shared pointers that would expand past MMDB_MAX_VALUES values fail there", () => {
  // Level i is a two-item array pointing twice at level i - 1: 2^40 values from ~200 bytes.
  const bytes: number[] = [...str("x")];
  let previous = 0;
  for (let i = 0; i < 40; i++) {
    const at = bytes.length;
    bytes.push(...control(MmdbType.array, 2), ...pointer(previous), ...pointer(previous));
    previous = at;
  }
  assert.throws(() => section(bytes).decode(previous), {
    message: new RegExp(`more than ${MMDB_MAX_VALUES} values`),
  });
});

Deno.test("sizes no section could hold and types that do not belong are errors", () => {
  assert.throws(() => section(control(MmdbType.map, 1_000)).decode(0), /map of 1000 entries/);
  assert.throws(() => section(control(MmdbType.array, 50)).decode(0), /array of 50 items/);
  assert.throws(() => section(control(MmdbType.endMarker, 0)).decode(0), MmdbFormatError);
  assert.throws(() => section([0x00, 0x00]).decode(0), /extended type 7/);
  assert.throws(() => section(control(MmdbType.boolean, 2)).decode(0), /boolean/);
  assert.throws(() => section([...control(MmdbType.uint16, 3), 1, 2, 3]).decode(0));
  assert.throws(() => section(map([[uint(MmdbType.uint16, 1), str("v")]])).decode(0), /key/);
});

Deno.test("random damage gives values or MmdbFormatError, never another failure", () => {
  const good = map([
    [str("country"), map([[str("iso_code"), str("DE")], [str("names"), pointer(0)]])],
    [str("n"), uint(MmdbType.uint32, 5539)],
    [str("list"), [...control(MmdbType.array, 3), ...str("a"), ...pointer(4), ...str("b")]],
  ]);
  let seed = 1;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 5_000; i++) {
    const bytes = [...good];
    for (let k = 0; k < 3; k++) bytes[Math.floor(random() * bytes.length)] = (random() * 256) | 0;
    const d = section(bytes);
    for (const read of [() => d.decode(0), () => d.readPath(0, ["country", "names", "en"])]) {
      try {
        read();
      } catch (e) {
        assert.ok(e instanceof MmdbFormatError, `${e}`);
      }
    }
  }
});
