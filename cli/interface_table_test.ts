import assert from "node:assert/strict";
import { formatInterfaceTable } from "./interface_table.ts";
import type { Device } from "../ffi/devices.ts";

function device(name: string, address?: string): Device {
  return {
    name,
    description: "",
    addresses: address ? [{ family: "ipv4", address }] : [],
    loopback: name === "lo",
    up: true,
    running: true,
    wireless: false,
  };
}

const DEVICES = [device("eth0", "10.0.0.2"), device("eth1"), device("lo", "127.0.0.1")];

Deno.test("formatInterfaceTable() lists interfaces as tcpdump -D numbers them", () => {
  assert.equal(
    formatInterfaceTable(DEVICES),
    "1.eth0 [Up, Running] 10.0.0.2\n2.eth1 [Up, Running]\n3.lo [Up, Running, Loopback] 127.0.0.1",
  );
});

Deno.test("formatInterfaceTable() marks the -i interfaces in use and names missing ones", () => {
  const lines = formatInterfaceTable(DEVICES, ["eth1", "lo", "eth9"]).split("\n");
  assert.deepEqual(lines, [
    "1.eth0 [Up, Running] 10.0.0.2",
    "2.eth1 [Up, Running, In use]",
    "3.lo [Up, Running, Loopback, In use] 127.0.0.1",
    "-i eth9: no such interface",
  ]);
});
