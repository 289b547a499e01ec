import assert from "node:assert/strict";
import type { PacketRecord } from "../../stats/recent_packets.ts";
import { packetLayers } from "./packet_layers.ts";

const base: PacketRecord = {
  seq: 7,
  timeMs: 0,
  ts: "0.000000000",
  src: "10.0.0.1",
  dst: "10.0.0.2",
  srcPort: 40000,
  dstPort: 53,
  protocol: "DNS",
  length: 80,
  captured: 68,
  tcpFlags: null,
  vlan: 12,
  info: "query A example.com",
};

Deno.test("packetLayers() lists frame, link, network and transport, outermost first", () => {
  const layers = packetLayers(base);
  assert.deepEqual(layers.map((l) => l.name), ["Frame", "Link", "IPv4", "DNS (as decoded)"]);
  assert.match(layers[0]!.fields.find(([k]) => k === "Captured")![1], /cut by the snaplen/);
  assert.deepEqual(layers[1]!.fields, [["VLAN", "12"]]);
});

Deno.test("packetLayers() shows MAC addresses on the link layer for frames without IP", () => {
  const layers = packetLayers({
    ...base,
    src: "00:11:22:33:44:55",
    dst: "ff:ff:ff:ff:ff:ff",
    srcPort: null,
    dstPort: null,
    protocol: "LLDP",
    vlan: null,
    info: "",
  });
  assert.deepEqual(layers.map((l) => l.name), ["Frame", "Link"]);
  assert.deepEqual(layers[1]!.fields[0], ["Source", "00:11:22:33:44:55"]);
});
