import assert from "node:assert/strict";
import { testServer } from "./_test_server.ts";

interface Packet {
  seq: number;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
  protocol: string;
}

async function packets(path: string): Promise<{ count: number; packets: Packet[] }> {
  const res = await testServer().fetch(path);
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

async function rejected(path: string, parameter: string): Promise<string> {
  const res = await testServer().fetch(path);
  assert.equal(res.status, 400, path);
  const { error } = await res.json();
  assert.equal(error.parameter, parameter, path);
  return error.message;
}

Deno.test("GET /api/packets lists recent packets newest first with a count", async () => {
  const body = await packets("/api/packets");
  assert.equal(body.count, 5);
  assert.deepEqual(body.packets.map((p) => p.seq), [5, 4, 3, 2, 1]);
  assert.deepEqual([body.packets[4]?.src, body.packets[4]?.dstPort, body.packets[4]?.protocol], [
    "10.0.0.1",
    80,
    "TCP",
  ]);
});

Deno.test("GET /api/packets limits, polls with since, and filters like /api/flows", async () => {
  assert.deepEqual((await packets("/api/packets?limit=2")).packets.map((p) => p.seq), [5, 4]);
  assert.deepEqual((await packets("/api/packets?since=3")).packets.map((p) => p.seq), [5, 4]);
  assert.deepEqual((await packets("/api/packets?ip=10.0.0.3")).packets.map((p) => p.seq), [4, 3]);
  assert.deepEqual((await packets("/api/packets?port=80&protocol=tcp")).packets.map((p) => p.seq), [
    2,
    1,
  ]);
  assert.deepEqual((await packets("/api/packets?protocol=icmpv6")).packets.map((p) => p.seq), [5]);
  assert.equal((await packets("/api/packets?limit=0")).count, 0);
});

Deno.test("GET /api/packets answers 400 naming each bad parameter", async () => {
  assert.match(
    await rejected("/api/packets?limit=x", "limit"),
    /expected an integer from 0 to 1000000/,
  );
  assert.match(await rejected("/api/packets?limit=1000001", "limit"), /expected an integer/);
  assert.match(await rejected("/api/packets?since=-5", "since"), /expected an integer/);
  assert.match(await rejected("/api/packets?ip=host", "ip"), /not an IPv4 or IPv6 address/);
  assert.match(await rejected("/api/packets?port=65536", "port"), /from 0 to 65535/);
  assert.match(await rejected("/api/packets?protocol=999", "protocol"), /expected ipv4, ipv6, arp/);
  assert.match(await rejected("/api/packets?sort=bytes", "sort"), /unknown here/);
});
