import assert from "node:assert/strict";
import { AppInspector } from "./app_inspector.ts";
import { inspectFrame, ipv4Frame, udpBody } from "./testdata/build.ts";
import { hexBytes } from "./testdata/hex.ts";
import { QUERY_US_POOL_NTP } from "./testdata/dns_payloads.ts";
import { MAX_FRAGMENT_DATAGRAMS } from "./limits.ts";

/** The real query as a UDP datagram to port 53, cut into IPv4 fragments at byte 16. */
const DATAGRAM = udpBody(hexBytes(QUERY_US_POOL_NTP), 40000, 53);
const CUT = 16;
const first = (id = 7) =>
  ipv4Frame(DATAGRAM.subarray(0, CUT), { proto: 17, id, moreFragments: true });
const second = (id = 7) => ipv4Frame(DATAGRAM.subarray(CUT), { proto: 17, id, fragOffset: CUT });

Deno.test("FragmentTable reassembles a datagram and the query is reported once, at the end", () => {
  const inspector = new AppInspector();
  assert.deepEqual(inspectFrame(inspector, first()), []);
  const events = inspectFrame(inspector, second());
  assert.deepEqual(events.map((e) => [e.kind, e.name, e.flow.sport]), [
    ["dns-query", "us.pool.ntp.org", 40000],
  ]);
});

Deno.test("FragmentTable reassembles fragments that arrive out of order", () => {
  const inspector = new AppInspector();
  assert.deepEqual(inspectFrame(inspector, second()), []);
  assert.equal(inspectFrame(inspector, first()).length, 1);
});

Deno.test("FragmentTable is not completed by a duplicated fragment", () => {
  const inspector = new AppInspector();
  inspectFrame(inspector, first());
  assert.deepEqual(inspectFrame(inspector, first()), []);
});

Deno.test("FragmentTable keeps datagrams apart by identification", () => {
  const inspector = new AppInspector();
  inspectFrame(inspector, first(1));
  assert.deepEqual(inspectFrame(inspector, second(2)), []);
  assert.equal(inspectFrame(inspector, second(1)).length, 1);
});

Deno.test("FragmentTable forgets fragments older than the timeout", () => {
  const inspector = new AppInspector({ fragmentTimeoutSeconds: 30 });
  inspectFrame(inspector, first(), 100);
  assert.deepEqual(inspectFrame(inspector, second(), 131), []);
});

Deno.test("FragmentTable evicts the oldest datagram past MAX_FRAGMENT_DATAGRAMS", () => {
  const inspector = new AppInspector();
  for (let id = 0; id <= MAX_FRAGMENT_DATAGRAMS; id++) {
    inspectFrame(inspector, first(id), id / 100);
  }
  assert.deepEqual(inspectFrame(inspector, second(0), 1), [], "the first was evicted");
  assert.equal(inspectFrame(inspector, second(MAX_FRAGMENT_DATAGRAMS), 1).length, 1);
});

Deno.test("FragmentTable ignores a fragment cut by the snaplen", () => {
  const inspector = new AppInspector();
  inspectFrame(inspector, first());
  const cut = second();
  assert.deepEqual(inspectFrame(inspector, cut.subarray(0, cut.length - 1)), []);
});
