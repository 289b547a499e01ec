import assert from "node:assert/strict";
import { PortTable } from "./port_table.ts";

Deno.test("PortTable counts both directions of a conversation under its service port", () => {
  const t = new PortTable();
  t.add(17, 51000, 53, 80);
  t.add(17, 53, 51000, 120);
  t.add(6, 40000, 443, 1500);
  t.add(6, 443, 40000, 60);
  t.add(6, 443, 40000, 60);
  t.add(1, 0, 0, 99); // not TCP/UDP: ignored
  assert.deepEqual(t.top(10), [
    { protocol: "tcp", port: 443, service: "https", packets: 3, bytes: 1620 },
    { protocol: "udp", port: 53, service: "dns", packets: 2, bytes: 200 },
  ]);
});

Deno.test("PortTable.top() breaks ties by bytes, then tcp before udp, then port", () => {
  const t = new PortTable();
  t.add(17, 60000, 9000, 10);
  t.add(6, 60000, 9001, 10);
  t.add(6, 60000, 8999, 10);
  t.add(6, 60000, 7000, 20);
  assert.deepEqual(t.top(3).map((r) => `${r.protocol}/${r.port}`), [
    "tcp/7000",
    "tcp/8999",
    "tcp/9001",
  ]);
  assert.equal(t.top(0).length, 0);
  assert.equal(t.top(9)[3]?.service, null);
});
