import assert from "node:assert/strict";
import {
  MAX_REMEMBERED_SOCKETS,
  REMEMBER_MS,
  RETRY_UNOWNED_MS,
  SocketDirectory,
} from "./socket_directory.ts";
import type { SocketEntry } from "./proc_net.ts";
import type { ProcessInfo } from "./socket_owners.ts";

const WEB: ProcessInfo = { pid: 1, name: "nginx", cmdline: "nginx", uid: 0 };
const CLIENT: ProcessInfo = { pid: 2, name: "curl", cmdline: "curl", uid: 0 };
const DNS: ProcessInfo = { pid: 3, name: "dnsmasq", cmdline: "dnsmasq", uid: 0 };

function socket(
  protocol: "tcp" | "udp",
  local: string,
  remote: string,
  state: number,
  inode: number,
): SocketEntry {
  const [localIp, localPort] = split(local);
  const [remoteIp, remotePort] = split(remote);
  return { protocol, localIp, localPort, remoteIp, remotePort, state, uid: 0, inode };
}

function split(endpoint: string): [string, number] {
  const colon = endpoint.lastIndexOf(":");
  return [endpoint.slice(0, colon), Number(endpoint.slice(colon + 1))];
}

/** A directory that took one scan of `entries` whose owners are `owners`. */
function scanned(entries: SocketEntry[], owners: [number, ProcessInfo][], nowMs = 1000) {
  const directory = new SocketDirectory();
  const asked = directory.unknownInodes(entries, nowMs);
  directory.update(entries, asked, new Map(owners), nowMs);
  return directory;
}

Deno.test("SocketDirectory finds a connection whole, a listener by port, UDP by wildcard", () => {
  const d = scanned(
    [
      socket("tcp", "0.0.0.0:80", "0.0.0.0:0", 10, 11),
      socket("tcp", "10.0.0.1:80", "10.0.0.9:5555", 1, 12), // accepted by nginx
      socket("tcp", "10.0.0.1:80", "10.0.0.8:6666", 1, 13), // an outgoing curl from port 80
      socket("udp", ":::53", ":::0", 7, 14),
    ],
    [
      [11, WEB],
      [12, WEB],
      [13, CLIENT],
      [14, DNS],
    ],
  );
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.9", 5555, 0), WEB);
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.8", 6666, 0), CLIENT);
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.7", 7777, 0), WEB, "the listener's port");
  assert.equal(d.find("udp", "10.0.0.1", 53, "10.0.0.7", 7777, 0), DNS, "dual-stack ::");
  assert.equal(d.find("udp", "10.0.0.1", 54, "10.0.0.7", 7777, 0), null);
  assert.equal(d.find("tcp", "10.0.0.1", 81, "10.0.0.7", 7777, 0), null);
  assert.deepEqual([d.sockets, d.owned], [4, 4]);
});

Deno.test("SocketDirectory: an open socket whose holder is unknown answers null, not its neighbour's", () => {
  const d = scanned([
    socket("tcp", "0.0.0.0:80", "0.0.0.0:0", 10, 11),
    socket("tcp", "10.0.0.1:80", "10.0.0.9:5555", 1, 12), // accepted by nginx
    socket("tcp", "10.0.0.1:80", "10.0.0.8:6666", 1, 13), // an outgoing curl from port 80
    socket("udp", ":::53", ":::0", 7, 14),
  ], [
    [11, WEB],
    [12, WEB],
    [13, CLIENT],
    [14, DNS],
  ]);
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.9", 5555, 0), WEB);
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.8", 6666, 0), CLIENT);
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.7", 7777, 0), WEB, "the listener's port");
  assert.equal(d.find("udp", "10.0.0.1", 53, "10.0.0.7", 7777, 0), DNS, "dual-stack ::");
  assert.equal(d.find("udp", "10.0.0.1", 54, "10.0.0.7", 7777, 0), null);
  assert.equal(d.find("tcp", "10.0.0.1", 81, "10.0.0.7", 7777, 0), null);
  assert.deepEqual([d.sockets, d.owned], [4, 4]);
});

Deno.test("SocketDirectory: an open socket whose holder is unknown answers null, not its neighbour's", () => {
  const d = scanned([
    socket("tcp", "0.0.0.0:80", "0.0.0.0:0", 10, 21),
    socket("tcp", "10.0.0.1:80", "10.0.0.9:5555", 1, 22),
  ], [[21, WEB]]);
  assert.equal(d.find("tcp", "10.0.0.1", 80, "10.0.0.9", 5555, 0), null);
});

Deno.test("SocketDirectory asks again about an unowned inode only after RETRY_UNOWNED_MS", () => {
  const entries = [socket("udp", "10.0.0.1:9", "0.0.0.0:0", 7, 31)];
  const d = scanned(entries, [], 1000);
  assert.deepEqual(d.unknownInodes(entries, 1000 + RETRY_UNOWNED_MS - 1), []);
  assert.deepEqual(d.unknownInodes(entries, 1000 + RETRY_UNOWNED_MS), [31]);
});

Deno.test("SocketDirectory remembers closed sockets for REMEMBER_MS, at most MAX_REMEMBERED_SOCKETS", () => {
  const open = [socket("tcp", "10.0.0.1:40000", "10.0.0.9:443", 1, 41)];
  const d = scanned(open, [[41, CLIENT]], 1000);
  d.update([], [], new Map(), 2000);
  assert.equal(d.find("tcp", "10.0.0.1", 40000, "10.0.0.9", 443, 900), CLIENT);
  assert.equal(d.find("tcp", "10.0.0.1", 40000, "10.0.0.9", 443, 1001), null, "began after");
  d.update([], [], new Map(), 1000 + REMEMBER_MS + 1);
  assert.equal(d.find("tcp", "10.0.0.1", 40000, "10.0.0.9", 443, 900), null, "forgotten");

  // Past the cap, the oldest closed socket is forgotten first.
  const many = Array.from(
    { length: MAX_REMEMBERED_SOCKETS + 1 },
    (_, i) => socket("udp", `10.0.0.1:${1000 + i}`, "0.0.0.0:0", 7, 100 + i),
  );
  const e = scanned(many, many.map((s) => [s.inode, DNS] as [number, ProcessInfo]), 1000);
  e.update([], [], new Map(), 1500);
  assert.equal(e.find("udp", "10.0.0.1", 1000, "10.0.0.9", 53, 0), null);
  assert.equal(
    e.find("udp", "10.0.0.1", 1001 + MAX_REMEMBERED_SOCKETS - 1, "10.0.0.9", 53, 0),
    DNS,
  );
});
