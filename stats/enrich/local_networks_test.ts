import assert from "node:assert/strict";
import type { Device } from "../../ffi/devices.ts";
import { Direction, LocalNetworks, MAX_LOCAL_NETWORKS } from "./local_networks.ts";
import { parseCidr } from "./cidr.ts";

const ETH0: Device = {
  name: "eth0",
  description: "",
  loopback: false,
  up: true,
  running: true,
  wireless: false,
  addresses: [
    { family: "ipv4", address: "192.0.2.2", netmask: "255.255.255.0" },
    { family: "ipv6", address: "fd00::2", netmask: "ffff:ffff:ffff:ffff::" },
    { family: "ipv6", address: "fe80::fc:ff:fe00:1", netmask: "ffff:ffff:ffff:ffff::" },
    { family: "ipv4", address: "203.0.113.9" },
  ],
};

Deno.test("LocalNetworks.fromDevices() takes each interface address with its netmask", () => {
  const nets = LocalNetworks.fromDevices([ETH0]);
  assert.deepEqual(nets.list(), ["192.0.2.0/24", "fd00::/64", "fe80::/64", "203.0.113.9/32"]);
});

Deno.test("contains() matches addresses inside the prefixes and nothing outside", () => {
  const nets = LocalNetworks.fromStrings(["10.0.0.0/8", "192.168.1.0/25", "fd00:1::/33"]);
  for (const a of ["10.0.0.1", "10.255.255.255", "192.168.1.127", "fd00:1:7fff::1"]) {
    assert.equal(nets.contains(a), true, a);
  }
  for (const a of ["11.0.0.1", "192.168.1.128", "fd00:1:8000::1", "8.8.8.8", "junk"]) {
    assert.equal(nets.contains(a), false, a);
  }
});

Deno.test("contains() with a /0 prefix matches every address of that family only", () => {
  const nets = LocalNetworks.fromStrings(["0.0.0.0/0"]);
  assert.equal(nets.contains("255.1.2.3"), true);
  assert.equal(nets.contains("2001:db8::1"), false);
});

Deno.test("direction() is out from local to remote, in from remote to local", () => {
  const nets = LocalNetworks.fromStrings(["192.168.1.0/24", "fd00::/64"]);
  assert.equal(nets.direction("192.168.1.5", "8.8.8.8"), "out");
  assert.equal(nets.direction("1.1.1.1", "192.168.1.5"), "in");
  assert.equal(nets.direction("fd00::5", "2606:4700:4700::1111"), "out");
  assert.equal(nets.direction("192.168.1.5", "192.168.1.6"), "local");
  assert.equal(nets.direction("8.8.8.8", "1.1.1.1"), "transit");
});

Deno.test("direction() keeps on-link multicast and broadcast traffic local, not outgoing", () => {
  const nets = LocalNetworks.fromStrings(["192.168.1.0/24"]);
  assert.equal(nets.direction("192.168.1.5", "224.0.0.251"), "local"); // mDNS
  assert.equal(nets.direction("192.168.1.5", "192.168.1.255"), "local"); // directed broadcast
  assert.equal(nets.direction("0.0.0.0", "255.255.255.255"), "local"); // DHCP discover
  assert.equal(nets.direction("fe80::1", "ff02::1"), "local");
  assert.equal(nets.direction("8.8.8.8", "192.168.2.255"), "transit");
});

Deno.test("directionBytes() reads addresses at offsets and returns the numeric direction", () => {
  const nets = LocalNetworks.fromStrings(["10.0.0.0/8"]);
  const src = new Uint8Array([0, 0, 10, 1, 2, 3]);
  const dst = new Uint8Array([8, 8, 8, 8]);
  assert.equal(nets.directionBytes(src, dst, 4, 2, 0), Direction.out);
  assert.equal(nets.directionBytes(dst, src, 4, 0, 2), Direction.in);
});

Deno.test("fromPrivateRanges() guesses RFC 1918, CGNAT and ULA space for capture files", () => {
  const nets = LocalNetworks.fromPrivateRanges();
  assert.equal(nets.direction("172.20.0.4", "140.82.112.3"), "out");
  assert.equal(nets.direction("100.100.1.1", "10.0.0.1"), "local");
  assert.equal(nets.direction("2a00:1450::1", "fd12::1"), "in");
});

Deno.test("fromStrings() reports the first invalid --local-net value", () => {
  assert.throws(
    () => LocalNetworks.fromStrings(["10.0.0.0/8", "10.0.0.0/33"]),
    { message: 'Invalid --local-net "10.0.0.0/33": prefix length must be 0 to 32' },
  );
});

Deno.test("add() ignores duplicates and refuses prefixes past MAX_LOCAL_NETWORKS", () => {
  const nets = new LocalNetworks();
  nets.add(parseCidr("10.0.0.0/8"));
  nets.add(parseCidr("10.1.2.3/8"));
  assert.equal(nets.size, 1);
  for (let i = 1; i < MAX_LOCAL_NETWORKS; i++) nets.add(parseCidr(`11.${i >> 8}.${i & 255}.0/24`));
  assert.equal(nets.size, MAX_LOCAL_NETWORKS);
  assert.throws(() => nets.add(parseCidr("12.0.0.0/8")), {
    name: "RangeError",
    message: `Cannot add local network 12.0.0.0/8: at most ${MAX_LOCAL_NETWORKS} allowed`,
  });
  assert.equal(nets.contains("11.0.255.1"), true);
});
