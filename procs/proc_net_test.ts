import assert from "node:assert/strict";
import dgram from "node:dgram";
import { parseEndpoint, parseProcNet, readProcNet } from "./proc_net.ts";

// Lines as Linux 6.x prints them (`cat /proc/net/tcp`, `tcp6`), one of each kind.
const TCP =
  `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 020200C0:C93A 507100CB:0050 01 00000000:00000000 00:00000000 00000000  1000        0 67890 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:A5F3 0100007F:0277 06 00000000:00000000 03:000007F9 00000000     0        0 0 3 0000000000000000
   3: garbage
`;
const TCP6 =
  `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200007F:D431 01 00000000:00000000 00:00000000 00000000    33        0 222 1 0000000000000000 20 4 30 10 -1
   2: B80D0120000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0000000000000000 100 0 0 10 0
`;

Deno.test("parseProcNet reads IPv4 addresses in host byte order, ports, state, uid and inode", () => {
  const rows = parseProcNet(TCP, "tcp");
  assert.equal(rows.length, 3, "the garbage line is skipped");
  assert.deepEqual(rows[0], {
    protocol: "tcp",
    localIp: "127.0.0.1",
    localPort: 631,
    remoteIp: "0.0.0.0",
    remotePort: 0,
    state: 10,
    uid: 0,
    inode: 12345,
  });
  assert.deepEqual(
    [rows[1]!.localIp, rows[1]!.localPort, rows[1]!.remoteIp, rows[1]!.remotePort, rows[1]!.uid],
    ["192.0.2.2", 51514, "203.0.113.80", 80, 1000],
  );
  assert.equal(rows[2]!.inode, 0, "TIME_WAIT has no owner");
});

Deno.test("parseProcNet reads IPv6 words, and IPv4-mapped addresses as IPv4", () => {
  const rows = parseProcNet(TCP6, "tcp");
  assert.deepEqual(rows.map((r) => [r.localIp, r.localPort, r.remoteIp, r.remotePort]), [
    ["::1", 22, "::", 0],
    ["127.0.0.1", 8080, "127.0.0.2", 54321],
    ["2001:db8::1", 443, "::", 0],
  ]);
});

Deno.test("parseEndpoint refuses what is not an endpoint", () => {
  for (const bad of ["", "0100007F", "0100007:0277", "0100007F:10000", "XYZ0007F:0001"]) {
    assert.equal(parseEndpoint(bad), null, bad);
  }
});

Deno.test("parseProcNet stops at its line cap", () => {
  assert.equal(parseProcNet(TCP, "tcp", [], 1).length, 1);
});

/** `ss`'s inode for a socket on `port` (`ino:N`), the oracle for the kernel's own tables. */
async function ssInode(kind: "-t" | "-u", port: number): Promise<number> {
  const out = await new Deno.Command("ss", { args: ["-Hanue", kind, `sport = :${port}`] })
    .output();
  const match = /ino:(\d+)/.exec(new TextDecoder().decode(out.stdout));
  assert.ok(match, `ss lists port ${port}`);
  return Number(match[1]);
}

Deno.test("readProcNet finds this process's listening TCP and bound UDP sockets as ss does", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const udp = dgram.createSocket("udp6");
  await new Promise<void>((resolve) => udp.bind(0, "::1", resolve));
  try {
    const tcpPort = (listener.addr as Deno.NetAddr).port;
    const udpPort = udp.address().port;
    const rows = readProcNet();
    const tcp = rows.find((r) => r.protocol === "tcp" && r.localPort === tcpPort);
    const u = rows.find((r) => r.protocol === "udp" && r.localPort === udpPort);
    assert.ok(tcp && u);
    assert.deepEqual([tcp.localIp, tcp.state, tcp.uid], ["127.0.0.1", 10, Deno.uid()]);
    assert.equal(u.localIp, "::1");
    assert.equal(tcp.inode, await ssInode("-t", tcpPort));
    assert.equal(u.inode, await ssInode("-u", udpPort));
  } finally {
    listener.close();
    udp.close();
  }
});
