import assert from "node:assert/strict";
import { DecodedPacket } from "../decode/packet.ts";
import { TcpFlowTable, WAYS } from "./tcp_flows.ts";

function flow(sport: number, dport = 443): DecodedPacket {
  const p = new DecodedPacket();
  p.addrLen = 4;
  p.src.set([10, 0, 0, 1]);
  p.dst.set([10, 0, 0, 2]);
  p.srcPort = sport;
  p.dstPort = dport;
  return p;
}

Deno.test("TcpFlowTable finds a direction it made and not the reverse direction", () => {
  const table = new TcpFlowTable(64, 100, 1000, 60);
  const slot = table.acquire(flow(1000), 0);
  assert.equal(table.find(flow(1000), 1), slot);
  const reverse = flow(443, 1000);
  reverse.src.set([10, 0, 0, 2]);
  reverse.dst.set([10, 0, 0, 1]);
  assert.equal(table.find(reverse, 1), -1);
});

Deno.test("TcpFlowTable holds at most its capacity, evicting the stalest of a set", () => {
  const table = new TcpFlowTable(64, 100, 1000, 60);
  for (let port = 0; port < 10_000; port++) table.acquire(flow(port), port);
  assert.equal(table.size, table.capacity);
  assert.equal(table.capacity, 64);
  assert.ok(table.find(flow(9_999), 10_000) >= 0, "the newest is kept");
  assert.equal(table.find(flow(0), 10_000), -1, "the oldest is gone");
});

Deno.test("TcpFlowTable forgets a direction idle longer than the timeout", () => {
  const table = new TcpFlowTable(WAYS, 100, 1000, 60);
  table.acquire(flow(1), 0);
  assert.equal(table.find(flow(1), 61), -1);
  assert.equal(table.size, 0);
});

Deno.test("TcpFlowTable lends buffers up to its byte budget and reuses returned ones", () => {
  const table = new TcpFlowTable(64, 100, 250, 60);
  const a = table.acquire(flow(1), 0);
  const b = table.acquire(flow(2), 0);
  const c = table.acquire(flow(3), 0);
  assert.ok(table.buffer(a) && table.buffer(b));
  assert.equal(table.buffer(c), null, "2 buffers of 100 fit in 250 bytes");
  assert.equal(table.overflows, 1);
  assert.ok(table.hasBuffer(1) && !table.hasBuffer(3));
  table.releaseBuffer(a);
  assert.ok(!table.hasBuffer(1));
  assert.ok(table.buffer(c));
  assert.equal(table.buffersAllocated, 2);
});
