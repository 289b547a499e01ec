import assert from "node:assert/strict";
import { defaultDevice, type Device, listDevices } from "./devices.ts";

Deno.test("listDevices() lists loopback with its address and flags", () => {
  const devices = listDevices();
  const lo = devices.find((d) => d.loopback);
  assert.ok(lo, `no loopback among ${devices.map((d) => d.name).join(", ")}`);
  assert.equal(lo.up, true);
  assert.ok(lo.addresses.some((a) => a.family === "ipv4" && a.address === "127.0.0.1"));
});

Deno.test("defaultDevice() picks the first up, running, non-loopback interface with an address", () => {
  const base = { description: "", wireless: false, up: true, running: true, loopback: false };
  const devices: Device[] = [
    { ...base, name: "lo", loopback: true, addresses: [{ family: "ipv4", address: "127.0.0.1" }] },
    { ...base, name: "any", addresses: [] },
    { ...base, name: "eth1", running: false, addresses: [{ family: "ipv4", address: "10.0.0.1" }] },
    { ...base, name: "eth0", addresses: [{ family: "ipv6", address: "fe80::1" }] },
  ];
  assert.equal(defaultDevice(devices)?.name, "eth0");
  assert.equal(defaultDevice(devices.slice(0, 3)), undefined);
});
