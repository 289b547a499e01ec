import assert from "node:assert/strict";
import { decodeFrame } from "../decode/decoder.ts";
import { DecodedPacket } from "../decode/packet.ts";
import { ethernet, ipv4, tcp, udp } from "../decode/testdata/layers.ts";
import { PayloadScanner } from "./payload_scanner.ts";
import { MAX_PAYLOAD_HITS, MAX_PAYLOAD_SCAN_BYTES, type PayloadHit } from "./payload_spec.ts";

const text = (s: string) => new TextEncoder().encode(s);
const packet = new DecodedPacket();

/** Decode `frame` cut to `caplen` bytes, from a buffer exactly that long, and scan it. */
function scan(scanner: PayloadScanner, frame: Uint8Array, caplen = frame.length): void {
  const bytes = frame.slice(0, caplen);
  decodeFrame(1, new DataView(bytes.buffer), 0, caplen, frame.length, packet);
  packet.tsSec = 1_700_000_000;
  scanner.scan(packet, new DataView(bytes.buffer));
}

function tcpTo(port: number, payload: Uint8Array, src = "192.0.2.7"): Uint8Array {
  return ethernet(0x0800, ipv4({ proto: 6, src, dst: "198.51.100.2" }, tcp(40001, port, payload)));
}

function random(n: number): Uint8Array {
  // Every byte value equally often, shuffled by a fixed step: entropy 8, no randomness needed.
  return Uint8Array.from({ length: n }, (_, i) => (i * 167) & 0xff);
}

const RULES = {
  rules: [
    { name: "passwd", pattern: "/etc/passwd" },
    { name: "union", pattern: "(?i)union\\s+select" },
  ],
};

Deno.test("PayloadScanner reports each rule a TCP or UDP payload matches, with its addresses", () => {
  const scanner = new PayloadScanner(RULES);
  scan(scanner, tcpTo(80, text("GET /../../etc/passwd HTTP/1.1\r\n\r\n")));
  scan(scanner, tcpTo(80, text("GET /index.html HTTP/1.1\r\n\r\n")));
  const dgram = udp(5000, 9999, text("id=1 UNION  select pw /etc/passwd"));
  scan(scanner, ethernet(0x0800, ipv4({ proto: 17, src: "192.0.2.9" }, dgram)));
  const { hits, dropped } = scanner.hits.take();
  assert.equal(dropped, 0);
  assert.deepEqual(hits.map((h: PayloadHit) => [h.rule, h.src, h.dst, h.dstPort, h.protocol]), [
    ["passwd", "192.0.2.7", "198.51.100.2", 80, "tcp"],
    ["passwd", "192.0.2.9", "198.51.100.2", 9999, "udp"],
    ["union", "192.0.2.9", "198.51.100.2", 9999, "udp"],
  ]);
  assert.equal(hits[0]!.timeMs, 1_700_000_000_000);
  assert.equal(scanner.hits.take().hits.length, 0, "take() empties the batch");
});

Deno.test("PayloadScanner reads no byte past caplen nor past MAX_PAYLOAD_SCAN_BYTES", () => {
  const scanner = new PayloadScanner(RULES);
  const frame = tcpTo(80, text("GET / HTTP/1.1\r\nX: /etc/passwd\r\n\r\n"));
  // Cut inside the pattern: the captured part does not match, and the exact-size buffer
  // means a read past caplen would see nothing anyway (a view of it would throw).
  scan(scanner, frame, frame.length - 12);
  const far = new Uint8Array(MAX_PAYLOAD_SCAN_BYTES + 100).fill(0x20);
  far.set(text("/etc/passwd"), MAX_PAYLOAD_SCAN_BYTES - 5);
  scan(scanner, tcpTo(80, far));
  const near = far.slice();
  near.set(text("/etc/passwd"), MAX_PAYLOAD_SCAN_BYTES - 11);
  scan(scanner, tcpTo(80, near));
  assert.deepEqual(scanner.hits.take().hits.map((h) => h.rule), ["passwd"]);
});

Deno.test("The entropy check counts random bytes sent to a cleartext port, and only there", () => {
  const scanner = new PayloadScanner({ rules: [], entropy: { minBytes: 256, minBitsPerByte: 7 } });
  scan(scanner, tcpTo(80, random(512)));
  scan(scanner, tcpTo(443, random(512))); // TLS is meant to look random
  scan(scanner, tcpTo(80, random(200))); // too short to judge
  scan(scanner, tcpTo(80, text("POST /form HTTP/1.1\r\n\r\n" + "name=value&".repeat(60))));
  // A server's answer from port 80 (a gzip body) is the server's direction: not judged.
  const answer = ethernet(0x0800, ipv4({ proto: 6 }, tcp(80, 40001, random(512))));
  scan(scanner, answer);
  const { hits } = scanner.hits.take();
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.rule, "");
  assert.equal(hits[0]!.dstPort, 80);
  assert.equal(hits[0]!.bitsPerByte, 8);
});

Deno.test("PayloadScanner holds at most MAX_PAYLOAD_HITS hits and counts the rest", () => {
  const scanner = new PayloadScanner(RULES);
  const frame = tcpTo(80, text("/etc/passwd"));
  for (let i = 0; i < MAX_PAYLOAD_HITS + 10; i++) scan(scanner, frame);
  const { hits, dropped } = scanner.hits.take();
  assert.equal(hits.length, MAX_PAYLOAD_HITS);
  assert.equal(dropped, 10);
});

Deno.test("PayloadScanner ignores packets with no transport payload and malformed ones", () => {
  const scanner = new PayloadScanner({ ...RULES, entropy: { minBytes: 1, minBitsPerByte: 0 } });
  scan(scanner, tcpTo(80, new Uint8Array(0)));
  const frame = tcpTo(80, text("/etc/passwd"));
  for (let cut = 0; cut < frame.length - 11; cut++) scan(scanner, frame, cut);
  assert.deepEqual(scanner.hits.take().hits.filter((h) => h.rule !== ""), []);
});

Deno.test("Rules tried together keep their own flags and anchors: each is found alone", () => {
  const scanner = new PayloadScanner({
    rules: [
      { name: "dotall", pattern: "(?s)begin.end" },
      { name: "blind", pattern: "(?i)secret" },
      { name: "anchored", pattern: "^RETR " },
      { name: "exact", pattern: "Token" },
    ],
  });
  for (const payload of ["begin\nend", "a SeCrEt", "RETR file", "xRETR file", "token", "Token"]) {
    scan(scanner, tcpTo(21, text(payload)));
  }
  assert.deepEqual(scanner.hits.take().hits.map((h) => h.rule), [
    "dotall",
    "blind",
    "anchored",
    "exact",
  ]);
});
