import assert from "node:assert/strict";
import { AppInspector } from "./app_inspector.ts";
import { ascii, inspectFrame, tcpFrame } from "./testdata/build.ts";
import { hexBytes } from "./testdata/hex.ts";
import { CURL_CLIENT_HELLO } from "./testdata/tls_payloads.ts";
import { QUERY_US_POOL_NTP } from "./testdata/dns_payloads.ts";
import type { NameEvent } from "./name_event.ts";

const HELLO = hexBytes(CURL_CLIENT_HELLO);
const ISN = 0xfffffe00; // the sequence numbers wrap inside the flight
const names = (events: NameEvent[]) => events.map((e) => `${e.kind} ${e.name}`);

/** Send `payload` cut at `cuts` as consecutive segments; returns every event. */
function segments(inspector: AppInspector, payload: Uint8Array, cuts: number[], dport = 443) {
  const events: NameEvent[] = [];
  const bounds = [0, ...cuts, payload.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const part = payload.subarray(bounds[i]!, bounds[i + 1]!);
    events.push(...inspectFrame(inspector, tcpFrame(part, (ISN + bounds[i]!) >>> 0, 50000, dport)));
  }
  return events;
}

Deno.test("TcpNames reads a ClientHello from one segment", () => {
  assert.deepEqual(names(segments(new AppInspector(), HELLO, [])), ["tls-sni www.ntop.org"]);
});

Deno.test("TcpNames reassembles a ClientHello cut over three segments, reporting it once", () => {
  const inspector = new AppInspector();
  assert.deepEqual(names(segments(inspector, HELLO, [3, 300])), ["tls-sni www.ntop.org"]);
});

Deno.test("TcpNames ignores a retransmitted ClientHello, as tshark does", () => {
  const inspector = new AppInspector();
  assert.equal(segments(inspector, HELLO, []).length, 1);
  assert.equal(segments(inspector, HELLO, []).length, 0);
});

Deno.test("TcpNames skips the repeated part of an overlapping retransmission", () => {
  const inspector = new AppInspector();
  const first = inspectFrame(inspector, tcpFrame(HELLO.subarray(0, 200), ISN, 50000, 443));
  const overlap = tcpFrame(HELLO.subarray(100), (ISN + 100) >>> 0, 50000, 443);
  assert.deepEqual(names([...first, ...inspectFrame(inspector, overlap)]), [
    "tls-sni www.ntop.org",
  ]);
});

Deno.test("TcpNames abandons a flight with a missing segment", () => {
  const inspector = new AppInspector();
  inspectFrame(inspector, tcpFrame(HELLO.subarray(0, 100), ISN, 50000, 443));
  const late = tcpFrame(HELLO.subarray(200), (ISN + 200) >>> 0, 50000, 443);
  assert.deepEqual(inspectFrame(inspector, late), []);
});

Deno.test("TcpNames reads pipelined requests and a request head cut in two", () => {
  const inspector = new AppInspector();
  const two = ascii(
    "GET /a HTTP/1.1\r\nHost: a.example\r\n\r\nHEAD /b HTTP/1.1\r\nHost: b\r\n\r\n",
  );
  assert.deepEqual(names(segments(inspector, two, [], 8080)), [
    "http-host a.example",
    "http-host b",
  ]);
  const cut = ascii("POST /x HTTP/1.1\r\nContent-Length: 2\r\nHost: c.example:81\r\n\r\nok");
  const other = new AppInspector();
  const events = segments(other, cut, [20], 80);
  assert.deepEqual(events, [{
    kind: "http-host",
    name: "c.example:81",
    method: "POST",
    path: "/x",
    flow: {
      src: "192.0.2.10",
      dst: "198.51.100.20",
      sport: 50000,
      dport: 80,
      proto: 6,
      tunneled: false,
    },
  }]);
});

Deno.test("TcpNames does not take a request to the SSH port for HTTP", () => {
  const get = ascii("GET / HTTP/1.1\r\nHost: 128.3.50.246\r\n\r\n");
  assert.deepEqual(segments(new AppInspector(), get, [], 22), []);
});

Deno.test("TcpNames reads DNS over TCP: a message cut in two, then two in one segment", () => {
  const q = hexBytes(QUERY_US_POOL_NTP);
  const framed = Uint8Array.from([0, q.length, ...q]);
  const inspector = new AppInspector();
  assert.deepEqual(names(segments(inspector, framed, [1, 20], 53)), [
    "dns-query us.pool.ntp.org",
  ]);
  const twice = Uint8Array.from([...framed, ...framed]);
  const events = inspectFrame(
    inspector,
    tcpFrame(twice, (ISN + framed.length) >>> 0, 50000, 53),
  );
  assert.deepEqual(events.map((e) => e.kind === "dns-query" && e.transport), ["tcp", "tcp"]);
});

Deno.test("TcpNames gives up a flight when the buffer pool is spent", () => {
  const inspector = new AppInspector({ maxTcpBufferedBytes: 16389 });
  const a = inspectFrame(inspector, tcpFrame(HELLO.subarray(0, 100), ISN, 50000, 443));
  const b = inspectFrame(inspector, tcpFrame(HELLO.subarray(0, 100), ISN, 50001, 443));
  const rest = tcpFrame(HELLO.subarray(100), (ISN + 100) >>> 0, 50001, 443);
  assert.deepEqual([...a, ...b, ...inspectFrame(inspector, rest)], []);
  const first = tcpFrame(HELLO.subarray(100), (ISN + 100) >>> 0, 50000, 443);
  assert.deepEqual(names(inspectFrame(inspector, first)), ["tls-sni www.ntop.org"]);
});
