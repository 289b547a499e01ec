import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import { ARP_FIXED_LEN } from "./arp.ts";
import { ETH_ARP, ETH_VLAN_ARP } from "./testdata/ethernet_frames.ts";
import { SLL2_ARP, SLL2_RARP, SLL_ARP } from "./testdata/cooked_frames.ts";
import {
  addr,
  concat,
  cut,
  decode,
  decodeEveryCut,
  edited,
  fixture,
  hex,
} from "./testdata/fixture.ts";

/** Offset of the ARP packet in the Ethernet fixture. */
const ARP = 14;

Deno.test("decodeArp() puts the sender and target IP of a request into src and dst", () => {
  const p = decode(ETH_ARP);
  assert.equal(p.l3, L3.arp);
  assert.equal(p.l4, L4.none);
  assert.equal(p.arpOp, 1);
  assert.equal(p.addrLen, 4);
  assert.equal(addr(p.src, 4), "192.168.1.2");
  assert.equal(addr(p.dst, 4), "192.168.1.151");
  assert.equal(p.ipProto, -1);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeArp() reads gratuitous ARP on a VLAN, and ARP over SLL and SLL2", () => {
  assert.equal(decode(ETH_VLAN_ARP).arpOp, 2);
  assert.equal(addr(decode(ETH_VLAN_ARP).dst, 4), "192.168.123.1");
  assert.equal(addr(decode(SLL_ARP).dst, 4), "192.168.22.160");
  assert.equal(addr(decode(SLL2_ARP).dst, 4), "192.0.2.2");
});

Deno.test("decodeArp() counts RARP (EtherType 0x8035) as ARP", () => {
  const p = decode(SLL2_RARP);
  assert.equal(p.etherType, 0x8035);
  assert.equal(p.l3, L3.arp);
  assert.equal(p.arpOp, 3);
});

Deno.test("decodeArp() finds the IPs after hardware addresses of any size", () => {
  // Hardware size 8 (e.g. EUI-64), protocol size 4.
  const arp = hex(`
    0001 0800 08 04 0002
    0102030405060708 0a000001
    1112131415161718 0a000002`);
  const p = decode(fixture(1, concat(ETH_ARP.bytes.subarray(0, ARP), arp)));
  assert.equal(addr(p.src, 4), "10.0.0.1");
  assert.equal(addr(p.dst, 4), "10.0.0.2");
});

Deno.test("decodeArp() leaves src and dst empty when the protocol is not IPv4", () => {
  const p = decode(edited(ETH_ARP, (_, v) => v.setUint16(ARP + 2, 0x86dd)));
  assert.equal(p.l3, L3.arp);
  assert.equal(p.arpOp, 1);
  assert.equal(p.addrLen, 0);
});

Deno.test("decodeArp() reports truncatedArp when the fixed part or the addresses are cut", () => {
  for (let caplen = ARP; caplen < ARP + ARP_FIXED_LEN; caplen++) {
    const p = decode(cut(ETH_ARP, caplen));
    assert.equal(p.error, DecodeError.truncatedArp);
    assert.equal(p.arpOp, -1);
  }
  for (let caplen = ARP + ARP_FIXED_LEN; caplen < ARP + 28; caplen++) {
    const p = decode(cut(ETH_ARP, caplen));
    assert.equal(p.error, DecodeError.truncatedArp);
    assert.equal(p.arpOp, 1);
    assert.equal(p.addrLen, 0);
  }
  // Sizes that claim more than the frame holds are cut short too.
  const huge = decode(edited(ETH_ARP, (b) => b[ARP + 4] = 255));
  assert.equal(huge.error, DecodeError.truncatedArp);
});

Deno.test("decodeArp() never reads past caplen at any cut", () => {
  for (const f of [ETH_ARP, SLL_ARP, SLL2_RARP]) decodeEveryCut(f);
});
