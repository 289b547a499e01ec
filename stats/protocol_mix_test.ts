import assert from "node:assert/strict";
import { DecodedPacket, Encap, L3 } from "../capture/decode/packet.ts";
import { fillPacket } from "./_test_packet.ts";
import { MAX_LINK_KINDS, ProtocolMix } from "./protocol_mix.ts";

function mixOf(...specs: Parameters<typeof fillPacket>[1][]): ProtocolMix {
  const m = new ProtocolMix();
  const p = new DecodedPacket();
  for (const s of specs) m.add(fillPacket(p, s));
  return m;
}

Deno.test("ProtocolMix counts outer L3 and L4 classes that add up like the corpus", () => {
  const m = mixOf(
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", len: 100 },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", len: 50 },
    { src: "::1", dst: "::2", proto: "icmpv6", len: 70 },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: 47, len: 10 },
    { l3: L3.arp, len: 42 },
    { l3: L3.other, etherType: 0x88cc, len: 60 },
    { l3: L3.none, len: 5 },
  );
  assert.deepEqual(m.outerL3(), { ipv4: 3, ipv6: 1, arp: 1, other: 2 });
  assert.deepEqual(m.outerL4(), { tcp: 1, udp: 1, icmp: 0, icmpv6: 1, other: 1 });
  assert.deepEqual(m.outerL3Bytes(), { ipv4: 160, ipv6: 70, arp: 42, other: 65 });
  assert.deepEqual(m.outerL4Bytes().other, 10);
  assert.deepEqual(m.ipProtocols().map((r) => [r.number, r.name, r.packets]), [
    [6, "TCP", 1],
    [17, "UDP", 1],
    [47, "GRE", 1],
    [58, "ICMPv6", 1],
  ]);
  assert.deepEqual(m.etherTypes().map((r) => [r.number, r.name, r.packets]), [
    [0x0800, "IPv4", 3],
    [0x0806, "ARP", 1],
    [0x86dd, "IPv6", 1],
    [0x88cc, "LLDP", 1],
    [-1, "none", 1],
  ]);
});

Deno.test("ProtocolMix.hierarchy() nests link > vlan > pppoes > network > transport", () => {
  const m = new ProtocolMix();
  const p = new DecodedPacket();
  m.add(fillPacket(p, { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", len: 100 }));
  m.add(fillPacket(p, { src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", len: 100, vlanCount: 1 }));
  fillPacket(p, { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", len: 80, vlanCount: 2 });
  p.encapsulation |= Encap.pppoe;
  m.add(p);
  m.add(fillPacket(p, { src: "::1", dst: "::2", proto: "tcp", len: 90, linkType: 276 }));
  const tree = m.hierarchy();
  const flat: string[] = [];
  const walk = (n: typeof tree, prefix: string) => {
    flat.push(`${prefix}${n.name} ${n.packets}/${n.bytes}`);
    n.children.forEach((c) => walk(c, prefix + "  "));
  };
  walk(tree, "");
  assert.deepEqual(flat, [
    "frame 4/370",
    "  eth 3/280",
    "    vlan 2/180",
    "      ipv4 1/100",
    "        tcp 1/100",
    "      vlan 1/80",
    "        pppoes 1/80",
    "          ipv4 1/80",
    "            udp 1/80",
    "    ipv4 1/100",
    "      udp 1/100",
    "  sll2 1/90",
    "    ipv6 1/90",
    "      tcp 1/90",
  ]);
});

Deno.test("ProtocolMix folds link types past MAX_LINK_KINDS into one node", () => {
  const m = new ProtocolMix();
  const p = new DecodedPacket();
  for (let dlt = 200; dlt < 200 + MAX_LINK_KINDS + 3; dlt++) {
    m.add(fillPacket(p, { l3: L3.other, linkType: dlt }));
  }
  const links = m.hierarchy().children;
  assert.equal(links.length, MAX_LINK_KINDS);
  assert.equal(links.find((n) => n.name === "other links")?.packets, 4);
});
