/**
 * Run by `app_inspector_test.ts` as `deno run --v8-flags=--trace-gc,--expose-gc`: decodes and
 * inspects, round-robin, the decoder's fixture frames that carry no name (TCP handshakes and
 * data, UDP, ICMP, ARP, IPv6...), FRAMES times between two forced collections, and prints the
 * heap growth as a JSON line. V8's trace shows any collection the loop itself caused. With the
 * argument "dns" it inspects repeated DNS queries and responses instead, counted into a sink
 * as the capture worker counts them and summarised for the packet list: those must not
 * allocate either.
 */
import { DecodedPacket } from "../../decode/packet.ts";
import { decodeFrame } from "../../decode/decoder.ts";
import { ALL_FRAMES } from "../../decode/testdata/all_frames.ts";
import { AppInspector } from "../app_inspector.ts";
import { DnsSummaryRing } from "../../dns_summary_ring.ts";
import { ascii, tcpFrame, udpFrame } from "./build.ts";
import { hexBytes } from "./hex.ts";
import { ANSWER_US_POOL_NTP, QUERY_US_POOL_NTP } from "./dns_payloads.ts";

const FRAMES = Number(Deno.args[0] ?? 1_000_000);
const DNS = Deno.args[1] === "dns";
const WARM_UP_FRAMES = 200_000;

const packet = new DecodedPacket();
const inspector = new AppInspector();
/** Decoder fixtures without names, plus data segments that pass the first fast checks. */
const quiet = [
  ...ALL_FRAMES.map(([, f]) => ({ bytes: f.bytes, linkType: f.linkType, wireLen: f.wireLen })),
  ...[
    tcpFrame(Uint8Array.of(0x17, 0x03, 0x03, 0x00, 0x20, ...new Uint8Array(32)), 1000),
    tcpFrame(ascii("GETAWAY: not a request\r\n"), 5000, 40000, 80),
    tcpFrame(ascii("HTTP/1.1 200 OK\r\n\r\n"), 7000, 80, 40000),
    udpFrame(new Uint8Array(1300).fill(0x40), 50000, 443),
    udpFrame(Uint8Array.of(0x1b, ...new Uint8Array(47)), 123, 123),
  ].map((bytes) => ({ bytes, linkType: 1, wireLen: bytes.length })),
].filter(({ bytes, linkType, wireLen }) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  decodeFrame(linkType, view, 0, bytes.length, wireLen, packet);
  // Fragments start reassembly buffers; names allocate by design.
  if (packet.isFragment) return false;
  inspector.inspect(packet, view, 0, bytes.length);
  return inspector.drain().length === 0;
});
/** Counts what it is given, keeping nothing: the strings come from the inspector's caches. */
let counted = 0;
const sink = {
  query: (_name: string) => void counted++,
  response: (_name: string, _rcode: number, _ttl: number, _addresses: readonly string[]) =>
    void counted++,
};
/** Both in one buffer, as a capture source hands out frames: one view, two offsets. */
const query = udpFrame(hexBytes(QUERY_US_POOL_NTP), 40000, 53);
const answer = udpFrame(hexBytes(ANSWER_US_POOL_NTP), 53, 40000);
const both = Uint8Array.from([...query, ...answer]);
const dnsFrames = [
  { bytes: both.subarray(0, query.length), linkType: 1, wireLen: query.length },
  { bytes: both.subarray(query.length), linkType: 1, wireLen: answer.length },
];
/** Each packet's DNS message summarised for the packet list, as the capture worker does. */
const summaries = new DnsSummaryRing();
if (DNS) {
  inspector.countDnsInto(sink);
  inspector.summariseDnsInto(summaries);
}
const frames = DNS ? dnsFrames : quiet;
const viewOf = new Map<ArrayBufferLike, DataView>();
const views = frames.map((f) => {
  const view = viewOf.get(f.bytes.buffer) ?? new DataView(f.bytes.buffer);
  viewOf.set(f.bytes.buffer, view);
  return { view, offset: f.bytes.byteOffset, len: f.bytes.length };
});

function run(count: number): number {
  let names = 0;
  for (let i = 0; i < count; i++) {
    const f = i % frames.length;
    const { view, offset, len } = views[f]!;
    decodeFrame(frames[f]!.linkType, view, offset, len, frames[f]!.wireLen, packet);
    summaries.seq = i;
    inspector.inspect(packet, view, offset, len);
    if (inspector.pending !== 0) names += inspector.drain().length;
  }
  return names;
}

const gc = (globalThis as unknown as { gc: () => void }).gc;
run(WARM_UP_FRAMES);
gc();
const before = Deno.memoryUsage().heapUsed;
const start = performance.now();
const names = run(FRAMES);
const ms = performance.now() - start;
const heapGrowth = Deno.memoryUsage().heapUsed - before;
gc();
console.log(JSON.stringify({ frames: frames.length, names, counted, heapGrowth, ms }));
