/**
 * DNS names as tshark shows them, compared in the test itself: queries whose names are printable,
 * carry control bytes, dots and backslashes inside labels, 8-bit bytes (valid UTF-8 or not), or
 * run past 255 bytes, with and without compression. Our lossless `\xNN` text is turned into
 * tshark's rendering by `tsharkDnsName()` (tests/support/captures.ts) and must then be equal.
 */
import assert from "node:assert/strict";
import { udpFrame } from "./testdata/build.ts";
import { inspectedEvents, namesOf, tsharkFields, writeTempPcap } from "./testdata/tshark_names.ts";
import { comparableName, tsharkDnsName } from "../../tests/support/captures.ts";

const NAME_FIELD = "dns.qry.name";
const bytesOf = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** A name in wire form from labels given as byte arrays, ending with the root label. */
function wire(labels: number[][]): number[] {
  return [...labels.flatMap((l) => [l.length, ...l]), 0];
}

/** A standard query (RD set) with `questions` already in wire form, type A class IN each. */
function query(id: number, questions: number[][]): Uint8Array {
  return Uint8Array.from([
    id >> 8,
    id & 0xff,
    0x01,
    0x00,
    0,
    questions.length,
    0,
    0,
    0,
    0,
    0,
    0,
    ...questions.flatMap((q) => [...q, 0, 1, 0, 1]),
  ]);
}

const label = (n: number, byte: number) => new Array(n).fill(byte);
/** Labels of 63 bytes and one shorter, `chars` characters in all once joined by dots. */
function longName(chars: number): number[][] {
  const labels: number[][] = [];
  let left = chars;
  while (left > 0) {
    if (labels.length > 0) left--; // the dot
    const n = Math.min(63, left);
    labels.push(label(n, 0x61 + labels.length));
    left -= n;
  }
  return labels;
}

const ALL_CONTROL = Array.from({ length: 32 }, (_, i) => i);
const NAMES: number[][][] = [
  [bytesOf("www"), bytesOf("example"), bytesOf("com")],
  [ALL_CONTROL, [0x7f, 0x41], bytesOf("ctl")],
  [bytesOf("a.b"), bytesOf("back\\slash"), bytesOf("sp ace"), bytesOf("\"q'")],
  [bytesOf("J\xe4germeister"), bytesOf("latin1")],
  [[0x4a, 0xc3, 0xa4, 0x67, 0x65, 0x72], bytesOf("utf8")],
  [[0xed, 0xbf, 0xbf, 0xf0, 0x9f, 0x98, 0x80, 0x80, 0xff, 0xfe], bytesOf("mixed")],
  // iodine's raw 8-bit labels: every byte value from 0x80 up, in 63-byte labels.
  [label(63, 0).map((_, i) => 0x80 + i), label(63, 0).map((_, i) => 0xc0 + (i % 64)), bytesOf("t")],
  longName(253),
  longName(254),
  longName(400),
  [],
];

Deno.test("DNS names, printable and raw, of every length: ours shown tshark's way are tshark's", async () => {
  const frames = NAMES.map((labels, i) => udpFrame(query(i + 1, [wire(labels)]), 40000 + i, 53));
  // Two questions, the second compressed onto the first: 255 bytes once expanded, then 256.
  const first = wire([label(63, 0x61), label(63, 0x62), label(63, 0x63), label(2, 0x64)]);
  const at = 12; // the first question starts right after the header
  for (const extra of [58, 59]) {
    const second = [extra, ...label(extra, 0x65), 0xc0, at];
    frames.push(udpFrame(query(100 + extra, [first, second]), 41000 + extra, 53));
  }
  const path = writeTempPcap(frames);
  try {
    const tshark = await tsharkFields(path, [NAME_FIELD]);
    const { events, faults } = inspectedEvents(path);
    assert.equal(faults, 0);
    assert.equal(events.length, frames.length);
    let tooLong = 0;
    events.forEach((frameEvents, i) => {
      const theirs = (tshark[i]?.[NAME_FIELD] ?? []).map(comparableName);
      const ours = namesOf(frameEvents, "dns-query");
      assert.equal(ours.length, theirs.length, `frame ${i + 1}: one name per question`);
      assert.deepEqual(ours.map(tsharkDnsName), theirs, `frame ${i + 1}`);
      tooLong += theirs.filter((n) => n === "<Name too long>").length;
    });
    assert.equal(tooLong, 3, "254 and 400 characters, and the 256-byte compressed name");
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("our DNS name text keeps every byte: the escapes give the wire labels back", () => {
  const labels = [ALL_CONTROL, [0x2e, 0x5c, 0x20, 0x7f, 0x80, 0xff], bytesOf("x")];
  const frame = udpFrame(query(7, [wire(labels)]), 40999, 53);
  const path = writeTempPcap([frame]);
  try {
    const [name] = namesOf(inspectedEvents(path).events[0] ?? [], "dns-query");
    const back = name!.split(".").map((l) =>
      Array.from(l.replace(/\\x([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))))
        .map((c) => c.charCodeAt(0))
    );
    assert.deepEqual(back, labels);
  } finally {
    Deno.removeSync(path);
  }
});
