import assert from "node:assert/strict";
import { dashboardUrls } from "./serve.ts";

/** A machine with loopback, one LAN address of each family and an IPv6 link-local one. */
const INTERFACES: Deno.NetworkInterfaceInfo[] = [
  {
    family: "IPv4",
    name: "lo",
    address: "127.0.0.1",
    netmask: "255.0.0.0",
    scopeid: null,
    cidr: "127.0.0.1/8",
    mac: "00:00:00:00:00:00",
  },
  {
    family: "IPv6",
    name: "lo",
    address: "::1",
    netmask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    scopeid: 0,
    cidr: "::1/128",
    mac: "00:00:00:00:00:00",
  },
  {
    family: "IPv4",
    name: "eth0",
    address: "192.0.2.2",
    netmask: "255.255.255.0",
    scopeid: null,
    cidr: "192.0.2.2/24",
    mac: "02:00:00:00:00:01",
  },
  {
    family: "IPv6",
    name: "eth0",
    address: "2001:db8::2",
    netmask: "ffff:ffff:ffff:ffff::",
    scopeid: 0,
    cidr: "2001:db8::2/64",
    mac: "02:00:00:00:00:01",
  },
  {
    family: "IPv6",
    name: "eth0",
    address: "fe80::1",
    netmask: "ffff:ffff:ffff:ffff::",
    scopeid: 2,
    cidr: "fe80::1/64",
    mac: "02:00:00:00:00:01",
  },
];

Deno.test("dashboardUrls() names this machine's IPv4 addresses for 0.0.0.0, reachable ones first", () => {
  assert.deepEqual(dashboardUrls("0.0.0.0", 8787, INTERFACES), [
    "http://192.0.2.2:8787/",
    "http://127.0.0.1:8787/",
  ]);
});

Deno.test("dashboardUrls() names every family's addresses for ::, brackets IPv6, skips link-local", () => {
  assert.deepEqual(dashboardUrls("::", 8787, INTERFACES, "https"), [
    "https://192.0.2.2:8787/",
    "https://[2001:db8::2]:8787/",
    "https://127.0.0.1:8787/",
    "https://[::1]:8787/",
  ]);
});

Deno.test("dashboardUrls() keeps a specific bound address, and 0.0.0.0 only when no address is known", () => {
  assert.deepEqual(dashboardUrls("127.0.0.1", 9000, INTERFACES), ["http://127.0.0.1:9000/"]);
  assert.deepEqual(dashboardUrls("0.0.0.0", 9000, []), ["http://0.0.0.0:9000/"]);
});
