import assert from "node:assert/strict";
import { DecodedPacket, L3 } from "../decode/packet.ts";
import { decodeFrame } from "../decode/decoder.ts";
import { MAX_TUNNEL_DEPTH, Tunnels } from "./tunnels.ts";
import { AppInspector } from "./app_inspector.ts";
import { inspectFrame } from "./testdata/build.ts";
import { concat } from "../decode/testdata/fixture.ts";
import { bytes, ethernet, ipv4, ipv4Dns, u16, udp } from "../decode/testdata/layers.ts";
import { hexBytes } from "./testdata/hex.ts";
import { GRE_DNS_QUERY, SIXINFOUR_DNS_QUERY, VXLAN_DNS_QUERY } from "./testdata/tunnel_frames.ts";

function decode(bytes: Uint8Array): { p: DecodedPacket; view: DataView } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = new DecodedPacket();
  decodeFrame(1, view, 0, bytes.length, bytes.length, p);
  return { p, view };
}

/** GRE_DNS_QUERY with the key and sequence fields (RFC 2890) inserted after the GRE header. */
function keyedGre(): Uint8Array {
  const base = hexBytes(GRE_DNS_QUERY);
  const gre = 14 + 20;
  const out = new Uint8Array(base.length + 8);
  out.set(base.subarray(0, gre + 4));
  out.set([0, 0, 0, 42, 0, 0, 0, 7], gre + 4);
  out.set(base.subarray(gre + 4), gre + 12);
  out[gre] = 0x30; // K and S flags
  const total = ((out[16]! << 8) | out[17]!) + 8;
  out[16] = total >> 8;
  out[17] = total & 0xff;
  return out;
}

Deno.test("Tunnels.unwrapIp() decodes the IPv4/UDP packet inside a real GRE frame", () => {
  const { p, view } = decode(hexBytes(GRE_DNS_QUERY));
  const inner = new Tunnels().unwrapIp(p, view, 0)!;
  assert.equal(inner.l3, L3.ipv4);
  assert.deepEqual([inner.srcPort, inner.dstPort], [37675, 53]);
  assert.equal(p.ipProto, 47, "the outer packet is left as decodeFrame() made it");
});

Deno.test("Tunnels.unwrapIp() skips GRE key and sequence fields (RFC 2890)", () => {
  const { p, view } = decode(keyedGre());
  const inner = new Tunnels().unwrapIp(p, view, 0)!;
  assert.deepEqual([inner.srcPort, inner.dstPort], [37675, 53]);
});

Deno.test("Tunnels.unwrapIp() decodes the IPv6 packet of a real 6in4 frame", () => {
  const { p, view } = decode(hexBytes(SIXINFOUR_DNS_QUERY));
  const inner = new Tunnels().unwrapIp(p, view, 0)!;
  assert.equal(inner.l3, L3.ipv6);
  assert.equal(inner.dstPort, 53);
});

Deno.test("Tunnels.unwrapUdp() decodes the inner Ethernet frame of a real VXLAN frame", () => {
  const { p, view } = decode(hexBytes(VXLAN_DNS_QUERY));
  assert.ok(Tunnels.isUdpTunnel(p.srcPort, p.dstPort));
  const inner = new Tunnels().unwrapUdp(p, view, 0)!;
  assert.equal(inner.l3, L3.ipv4);
  assert.deepEqual([inner.srcPort, inner.dstPort], [44437, 53]);
});

Deno.test("Tunnels stops at MAX_TUNNEL_DEPTH and on GRE it does not follow", () => {
  const { p, view } = decode(hexBytes(GRE_DNS_QUERY));
  const tunnels = new Tunnels();
  assert.equal(tunnels.unwrapIp(p, view, MAX_TUNNEL_DEPTH), null);
  const v1 = hexBytes(GRE_DNS_QUERY);
  v1[14 + 20 + 1] = 0x01; // version 1: PPTP
  const d = decode(v1);
  assert.equal(tunnels.unwrapIp(d.p, d.view, 0), null);
});

Deno.test("Tunnels.unwrapIp() returns null for a GRE header cut by the capture", () => {
  const { p, view } = decode(hexBytes(GRE_DNS_QUERY).subarray(0, 14 + 20 + 3));
  assert.equal(new Tunnels().unwrapIp(p, view, 0), null);
});

Deno.test("AppInspector follows UDP tunnels inside one another only to MAX_TUNNEL_DEPTH", () => {
  const query = ipv4Dns("deep.example", "10.9.9.9");
  const gtp = (inner: Uint8Array) =>
    ipv4(
      { proto: 17 },
      udp(50000, 2152, concat(bytes(0x30, 0xff, ...u16(inner.length), 0, 0, 0, 1), inner)),
    );
  const names = (depth: number) => {
    let packet = query;
    for (let i = 0; i < depth; i++) packet = gtp(packet);
    return inspectFrame(new AppInspector(), ethernet(0x0800, packet))
      .filter((e) => e.kind === "dns-query").map((e) => e.name);
  };
  assert.deepEqual(names(MAX_TUNNEL_DEPTH), ["deep.example"], "as deep as allowed");
  assert.deepEqual(names(MAX_TUNNEL_DEPTH + 1), [], "one tunnel deeper is not opened");
});
