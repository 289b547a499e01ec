import assert from "node:assert/strict";
import { TcpFlag } from "../capture/decode/packet.ts";
import { FLOW_STATE_NAMES, nextTcpState, reopens, tcpFlagNames } from "./tcp_state.ts";

const { syn, ack, fin, rst, psh } = TcpFlag;

/** Run segments [flags, dir] from "none" and return the state names after each. */
function walk(segments: [number, number][]): string[] {
  let state = 0;
  let finBits = 0;
  return segments.map(([flags, dir]) => {
    const next = nextTcpState(state, finBits, flags, dir);
    state = next & 0xff;
    finBits = next >>> 8;
    return FLOW_STATE_NAMES[state]!;
  });
}

Deno.test("nextTcpState() follows a full handshake and a two-sided close", () => {
  assert.deepEqual(
    walk([[syn, 0], [syn | ack, 1], [ack, 0], [psh | ack, 0], [fin | ack, 0], [ack, 1], [
      fin | ack,
      1,
    ], [ack, 0]]),
    ["syn-sent", "established", "established", "established", "fin", "fin", "closed", "closed"],
  );
});

Deno.test("nextTcpState() stays syn-sent on retransmitted SYNs and resets on RST", () => {
  assert.deepEqual(walk([[syn, 0], [syn, 0], [rst | ack, 1], [ack, 0]]), [
    "syn-sent",
    "syn-sent",
    "reset",
    "reset",
  ]);
});

Deno.test("nextTcpState() marks a flow picked up mid-stream established", () => {
  assert.deepEqual(walk([[psh | ack, 1]]), ["established"]);
  assert.deepEqual(walk([[syn, 0], [ack, 1]]), ["syn-sent", "established"]);
});

Deno.test("nextTcpState() needs a FIN from each side to close, not two from one", () => {
  assert.deepEqual(walk([[ack, 0], [fin | ack, 0], [fin | ack, 0]]), [
    "established",
    "fin",
    "fin",
  ]);
});

Deno.test("nextTcpState() ignores segments whose flags were not captured", () => {
  assert.deepEqual(walk([[syn, 0], [-1, 1]]), ["syn-sent", "syn-sent"]);
});

Deno.test("reopens() is true only for a bare SYN on a closed or reset flow", () => {
  assert.ok(reopens(5, syn));
  assert.ok(reopens(4, syn));
  assert.ok(!reopens(4, syn | ack));
  assert.ok(!reopens(2, syn));
  assert.ok(!reopens(5, -1));
});

Deno.test("tcpFlagNames() lists flags low bit first, as tshark's info column does", () => {
  assert.equal(tcpFlagNames(fin | psh | ack), "FIN,PSH,ACK");
  assert.equal(tcpFlagNames(syn | ack), "SYN,ACK");
  assert.equal(tcpFlagNames(0), "");
});
