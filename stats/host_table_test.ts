import assert from "node:assert/strict";
import { hashWords } from "../capture/key_hash.ts";
import { HOST_EVICTION_DIVISOR, HostTable } from "./host_table.ts";
import { parseAddress } from "../net/ip_format.ts";
import { HOST_KEY_WORDS } from "../capture/packet_keys.ts";

function hostKey(ip: string): Uint32Array {
  const a = parseAddress(ip)!;
  const v = new DataView(a.bytes.buffer);
  const k = new Uint32Array(HOST_KEY_WORDS);
  k[0] = a.len;
  for (let i = 0; i < a.len / 4; i++) k[i + 1] = v.getUint32(i * 4);
  return k;
}

function send(t: HostTable, ip: string, dir: number, bytes: number, times = 1, sec = 0): void {
  const k = hostKey(ip);
  t.setSecond(sec);
  for (let i = 0; i < times; i++) t.count(k, hashWords(k, HOST_KEY_WORDS, 1), dir, bytes);
}

Deno.test("HostTable.top() ranks by packets, then bytes, then address in code-point order", () => {
  const t = new HostTable(64);
  send(t, "10.0.0.9", 0, 100, 3);
  send(t, "10.0.0.10", 0, 100, 3); // same packets and bytes: "10.0.0.10" < "10.0.0.9"
  send(t, "2001:db8::1", 0, 500, 3); // same packets, more bytes
  send(t, "192.168.0.1", 0, 1, 5);
  send(t, "172.16.0.1", 1, 9999, 50); // only receives: never a source
  const top = t.top("tx-packets", 10, 1);
  assert.deepEqual(top.map((r) => [r.ip, r.packets, r.bytes]), [
    ["192.168.0.1", 5, 5],
    ["2001:db8::1", 3, 1500],
    ["10.0.0.10", 3, 300],
    ["10.0.0.9", 3, 300],
  ]);
  assert.equal(t.top("rx-packets", 10, 1)[0]?.ip, "172.16.0.1");
  assert.equal(t.distinctSources(), 4);
});

Deno.test("HostTable.top() ranks by bytes first for a byte rank and cuts at the limit", () => {
  const t = new HostTable(64);
  send(t, "10.0.0.1", 0, 10, 9);
  send(t, "10.0.0.2", 0, 1000, 1);
  send(t, "10.0.0.3", 0, 5, 1);
  assert.deepEqual(t.top("tx-bytes", 2, 1).map((r) => r.ip), ["10.0.0.2", "10.0.0.1"]);
});

Deno.test("HostTable splits tx and rx and reports per-direction rates", () => {
  const t = new HostTable(8);
  send(t, "10.0.0.1", 0, 1000, 1, 10);
  send(t, "10.0.0.1", 1, 250, 2, 10);
  const [row] = t.top("tx-packets", 1, 11);
  assert.ok(row);
  assert.deepEqual([row.txPackets, row.txBytes, row.rxPackets, row.rxBytes], [1, 1000, 2, 500]);
  assert.deepEqual(row.txBps, [4000, 800, 200]);
  assert.deepEqual(row.rxBps, [2000, 400, 100]);
});

Deno.test("HostTable stays at its cap and evicts the smallest eighth when full", () => {
  const cap = 64;
  const t = new HostTable(cap);
  // 64 hosts: host i sends i + 1 packets, so hosts 0..7 are the smallest eighth.
  for (let i = 0; i < cap; i++) send(t, `10.0.0.${i}`, 0, 10, i + 1);
  assert.equal(t.stats().evicted, 0);
  send(t, "10.0.1.1", 0, 10);
  const s = t.stats();
  const batch = cap / HOST_EVICTION_DIVISOR;
  assert.equal(s.tracked, cap - batch + 1);
  assert.equal(s.evicted, batch);
  assert.equal(s.evictedTxPackets, (batch * (batch + 1)) / 2);
  assert.equal(s.evictedTxBytes, s.evictedTxPackets * 10);
  assert.equal(s.maxEvictedPackets, batch);
  // The heaviest hosts survive, exactly.
  assert.deepEqual(t.top("tx-packets", 2, 1).map((r) => [r.ip, r.packets]), [
    ["10.0.0.63", 64],
    ["10.0.0.62", 63],
  ]);
});

Deno.test("HostTable holds its cap over 100,000 distinct hosts and counts every eviction", () => {
  const cap = 1024;
  const t = new HostTable(cap);
  send(t, "192.168.1.1", 0, 100, 1000);
  for (let i = 0; i < 100_000; i++) {
    send(t, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 0, 60);
  }
  const s = t.stats();
  assert.ok(s.tracked <= cap);
  assert.equal(s.evicted + s.tracked, 100_001);
  assert.equal(
    s.evictedTxPackets + t.top("tx-packets", cap, 1).reduce((n, r) => n + r.packets, 0),
    101_000,
  );
  assert.equal(t.top("tx-packets", 1, 1)[0]?.packets, 1000);
});

Deno.test("HostTable.top() breaks a tie at the cut by address text among thousands of tied hosts", () => {
  const t = new HostTable(4096);
  for (let i = 0; i < 3000; i++) send(t, `10.${i % 7}.${(i * 13) % 256}.${i % 251}`, 0, 60);
  send(t, "2001:db8::1", 0, 60);
  send(t, "1.2.3.4", 0, 60, 2);
  const top = t.top("tx-packets", 5, 1).map((r) => r.ip);
  const tied = [
    ...new Set([...Array(3000).keys()].map((i) => `10.${i % 7}.${(i * 13) % 256}.${i % 251}`)),
  ].concat("2001:db8::1").sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(top, ["1.2.3.4", ...tied.slice(0, 4)]);
});

Deno.test("HostTable.takeSent() gives what each host sent since the previous call, busiest first", () => {
  const t = new HostTable(16);
  send(t, "10.0.0.1", 0, 100, 4);
  send(t, "10.0.0.2", 0, 60, 2);
  send(t, "10.0.0.3", 1, 60, 9); // only receives: never listed
  assert.deepEqual(t.takeSent(10), [
    { ip: "10.0.0.1", packets: 4, bytes: 400 },
    { ip: "10.0.0.2", packets: 2, bytes: 120 },
  ]);
  assert.deepEqual(t.takeSent(10), [], "nothing sent since the last call");
  send(t, "10.0.0.2", 0, 10, 3);
  send(t, "10.0.0.1", 0, 10, 1);
  send(t, "10.0.0.4", 0, 10, 2);
  assert.deepEqual(t.takeSent(2), [
    { ip: "10.0.0.2", packets: 3, bytes: 30 },
    { ip: "10.0.0.4", packets: 2, bytes: 20 },
  ]);
  // A host left out by the limit is still marked: its next difference starts from here.
  send(t, "10.0.0.1", 0, 10, 1);
  assert.deepEqual(t.takeSent(10), [{ ip: "10.0.0.1", packets: 1, bytes: 10 }]);
});

Deno.test("HostTable.takeSent(): an evicted host's reused id counts its new host from zero", () => {
  const t = new HostTable(8);
  for (let i = 0; i < 8; i++) send(t, `10.0.1.${i}`, 0, 10, 10 + i);
  t.takeSent(100);
  send(t, "10.0.2.1", 0, 10, 1); // the table is full: the smallest eighth goes
  assert.ok(t.stats().evicted > 0);
  assert.deepEqual(t.takeSent(100), [{ ip: "10.0.2.1", packets: 1, bytes: 10 }]);
});
