import assert from "node:assert/strict";
import { testServer } from "./_test_server.ts";

interface Flow {
  protocol: string;
  aIp: string;
  bIp: string;
  aPort: number | null;
  bPort: number | null;
  bytes: number;
  packets: number;
}

async function flows(
  path: string,
): Promise<{ total: number; matched: number; offset: number; flows: Flow[] }> {
  const res = await testServer().fetch(path);
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

async function rejected(path: string, parameter: string): Promise<string> {
  const res = await testServer().fetch(path);
  assert.equal(res.status, 400, path);
  const { error } = await res.json();
  assert.equal(error.status, 400);
  assert.equal(error.parameter, parameter, path);
  return error.message;
}

Deno.test("GET /api/flows lists every live flow, biggest first, with totals", async () => {
  const page = await flows("/api/flows");
  assert.equal(page.total, 3);
  assert.equal(page.matched, 3);
  assert.equal(page.offset, 0);
  assert.deepEqual(page.flows.map((f) => [f.protocol, f.bytes]), [["tcp", 1600], ["udp", 200], [
    "icmpv6",
    70,
  ]]);
});

Deno.test("GET /api/flows sorts, orders and pages", async () => {
  const asc = await flows("/api/flows?sort=bytes&order=asc");
  assert.deepEqual(asc.flows.map((f) => f.bytes), [70, 200, 1600]);
  const page = await flows("/api/flows?sort=bytes&order=desc&limit=1&offset=1");
  assert.equal(page.matched, 3);
  assert.equal(page.offset, 1);
  assert.deepEqual(page.flows.map((f) => f.bytes), [200]);
  const none = await flows("/api/flows?limit=0");
  assert.deepEqual(none.flows, []);
  for (
    const sort of ["packets", "rate", "rate10s", "rate40s", "last-seen", "first-seen", "duration"]
  ) {
    assert.equal((await flows(`/api/flows?sort=${sort}`)).flows.length, 3, sort);
  }
});

Deno.test("GET /api/flows filters by ip, port and protocol, combined with AND", async () => {
  assert.equal((await flows("/api/flows?ip=10.0.0.3")).matched, 1);
  assert.equal((await flows("/api/flows?ip=10.0.0.1")).matched, 2);
  assert.equal((await flows("/api/flows?ip=2001:0db8:0:0::2")).matched, 1, "any IPv6 spelling");
  assert.equal((await flows("/api/flows?port=80")).flows[0]?.protocol, "tcp");
  assert.equal((await flows("/api/flows?protocol=UDP")).flows[0]?.bPort, 53);
  assert.equal((await flows("/api/flows?protocol=ipv6")).matched, 1);
  assert.equal((await flows("/api/flows?protocol=17")).matched, 1);
  assert.equal((await flows("/api/flows?ip=10.0.0.1&protocol=tcp&port=4000")).matched, 1);
  assert.equal((await flows("/api/flows?ip=10.0.0.1&port=53&protocol=tcp")).matched, 0);
  assert.equal((await flows("/api/flows?ip=&port=")).matched, 3, "empty values mean no filter");
});

Deno.test("GET /api/flows answers 400 naming each bad parameter", async () => {
  assert.match(
    await rejected("/api/flows?sort=size", "sort"),
    /expected one of bytes, packets, rate/,
  );
  assert.match(await rejected("/api/flows?order=up", "order"), /expected one of asc, desc/);
  assert.match(await rejected("/api/flows?limit=1001", "limit"), /from 0 to 1000/);
  assert.match(await rejected("/api/flows?limit=-1", "limit"), /from 0 to 1000/);
  assert.match(await rejected("/api/flows?limit=ten", "limit"), /from 0 to 1000/);
  assert.match(await rejected("/api/flows?offset=1.5", "offset"), /expected an integer/);
  assert.match(await rejected("/api/flows?offset=99999999999", "offset"), /expected an integer/);
  assert.match(await rejected("/api/flows?ip=10.0.0.300", "ip"), /not an IPv4 or IPv6 address/);
  assert.match(await rejected("/api/flows?port=70000", "port"), /from 0 to 65535/);
  assert.match(await rejected("/api/flows?protocol=tcpp", "protocol"), /expected ipv4, ipv6, arp/);
  assert.match(await rejected("/api/flows?srot=bytes", "srot"), /unknown here/);
  assert.match(await rejected("/api/flows?port=1&port=2", "port"), /twice/);
});
