import assert from "node:assert/strict";
import { DnsSummary, DnsSummaryRing } from "../capture/dns_summary_ring.ts";
import { dnsInfo } from "./dns_info.ts";
import { udpFrame } from "../capture/inspect/testdata/build.ts";
import { writeTempPcap } from "../capture/inspect/testdata/tshark_names.ts";

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
/** `example.com` in wire form, root label included. */
const EXAMPLE = [7, ...ascii("example"), 3, ...ascii("com"), 0];

function message(id: number, flags: number, counts: number[], body: number[]): DataView {
  const bytes = Uint8Array.from([
    id >> 8,
    id & 0xff,
    flags >> 8,
    flags & 0xff,
    ...counts.flatMap((n) => [n >> 8, n & 0xff]),
    ...body,
  ]);
  return new DataView(bytes.buffer);
}

/** The packet-list line of `view` summarised as packet `seq`, or null when none was kept. */
function summarised(view: DataView, seq = 7, end = view.byteLength): string | null {
  const ring = new DnsSummaryRing();
  ring.seq = seq;
  ring.write(view, 0, end);
  const summary = new DnsSummary();
  const line = ring.read(seq, summary) ? dnsInfo(summary) : null;
  if (line !== null) shown.push({ payload: new Uint8Array(view.buffer, 0, end), line });
  return line;
}

/** Every line the tests below made, with the DNS payload it was made from, for tshark. */
const shown: { payload: Uint8Array; line: string }[] = [];

const QUESTION_A = [...EXAMPLE, 0, 1, 0, 1];
/** An answer for the question's name (pointer to offset 12), type A, TTL 60. */
const answerA = (address: number[]) => [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...address];

Deno.test("a query reads as tshark's Info column: opcode, ID, type, name", () => {
  assert.equal(
    summarised(message(0x1a2b, 0x0100, [1, 0, 0, 0], QUESTION_A)),
    "Standard query 0x1a2b A example.com",
  );
});

Deno.test("a response shows its leading A/AAAA answers, and its RCODE when not NOERROR", () => {
  const aaaa = [
    0xc0,
    12,
    0,
    28,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    16,
    0x20,
    0x01,
    0x0d,
    0xb8,
    ...new Array(11).fill(0),
    1,
  ];
  assert.equal(
    summarised(
      message(0x1a2b, 0x8180, [1, 2, 0, 0], [
        ...QUESTION_A,
        ...answerA([93, 184, 216, 34]),
        ...aaaa,
      ]),
    ),
    "Standard query response 0x1a2b A example.com A 93.184.216.34 AAAA 2001:db8::1",
  );
  assert.equal(
    summarised(message(0x0001, 0x8183, [1, 0, 0, 0], QUESTION_A)),
    "Standard query response 0x0001 No such name A example.com",
  );
});

Deno.test("answers stop at the first record that is not an address, as a prefix of tshark's", () => {
  const cname = [0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12];
  assert.equal(
    summarised(
      message(2, 0x8180, [1, 2, 0, 0], [...QUESTION_A, ...cname, ...answerA([1, 2, 3, 4])]),
    ),
    "Standard query response 0x0002 A example.com",
  );
});

Deno.test("a malformed message still gives a sane line: what came before the damage", () => {
  // Cut inside the question name.
  const cut = message(0x0bad, 0x0100, [1, 0, 0, 0], QUESTION_A);
  assert.equal(summarised(cut, 7, 12 + 5), "Standard query 0x0bad");
  // A question name that points at itself (a compression loop).
  const loop = message(0x100f, 0x0100, [1, 0, 0, 0], [0xc0, 12, 0, 1, 0, 1]);
  assert.equal(summarised(loop), "Standard query 0x100f");
  // An answer whose name loops: the question stays, the answers end.
  const badAnswer = [0xc0, 30, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4];
  assert.equal(
    summarised(message(3, 0x8180, [1, 1, 0, 0], [...QUESTION_A, ...badAnswer])),
    "Standard query response 0x0003 A example.com",
  );
  // An answer whose data runs past the end of the message.
  const longData = answerA([1, 2, 3, 4]).slice(0, -2);
  assert.equal(
    summarised(message(4, 0x8180, [1, 1, 0, 0], [...QUESTION_A, ...longData])),
    "Standard query response 0x0004 A example.com",
  );
  // Not even a header: no summary at all, and the row keeps its headers' words.
  assert.equal(summarised(message(5, 0, [], []), 7, 4), null);
});

Deno.test("the root, unknown types, other opcodes and RCODEs are named as tshark names them", () => {
  assert.equal(
    summarised(message(9, 0x2800, [1, 0, 0, 0], [0, 0, 6, 0, 1])),
    "Dynamic update 0x0009 SOA <Root>",
  );
  assert.equal(
    summarised(message(9, 0x800e, [1, 0, 0, 0], [...EXAMPLE, 0xff, 0x00, 0, 1])),
    "Standard query response 0x0009 Unknown error (14) Unknown (65280) example.com",
  );
});

Deno.test("every line above is where tshark's Info column begins for the same message", async () => {
  assert.ok(shown.length >= 8);
  const path = writeTempPcap(shown.map((s) => udpFrame(s.payload, 40000, 53)));
  try {
    const out = await new Deno.Command("tshark", {
      args: ["-r", path, "-T", "fields", "-e", "_ws.col.Info"],
      stdout: "piped",
      stderr: "null",
    }).output();
    assert.ok(out.success);
    const infos = new TextDecoder().decode(out.stdout).split("\n");
    shown.forEach(({ line }, i) => {
      assert.ok(infos[i]!.startsWith(line), `ours "${line}", tshark "${infos[i]}"`);
    });
  } finally {
    Deno.removeSync(path);
  }
});
