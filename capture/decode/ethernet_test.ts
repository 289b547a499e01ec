import assert from "node:assert/strict";
import { DecodeError, Encap, L3, L4 } from "./packet.ts";
import { ETHERNET_HEADER_LEN } from "./ethernet.ts";
import * as frames from "./testdata/ethernet_frames.ts";
import { concat, cut, decode, decodeEveryCut, fixture, hex, mac } from "./testdata/fixture.ts";

Deno.test("decodeEthernet() reads both MACs and hands EtherType 0x0800 to IPv4", () => {
  const p = decode(frames.ETH_IPV4_UDP_DNS);
  assert.equal(p.hasMac, true);
  assert.equal(mac(p.dstMac), "00:e0:18:b1:0c:ad");
  assert.equal(mac(p.srcMac), "00:c0:9f:32:41:8c");
  assert.equal(p.etherType, 0x0800);
  assert.equal(p.l3, L3.ipv4);
  assert.equal(p.l4, L4.udp);
  assert.equal(p.vlanCount, 0);
  assert.equal(p.vlanId, -1);
  assert.equal(p.encapsulation, 0);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeEthernet() classifies 802.3 frames with LLC (STP, XID) as l3 other", () => {
  for (const f of [frames.ETH_LLC_STP, frames.ETH_LLC_XID]) {
    const p = decode(f);
    assert.equal(p.hasMac, true);
    assert.equal(p.etherType, -1, "a length field is not an EtherType");
    assert.equal(p.l3, L3.other);
    assert.equal(p.l4, L4.none);
    assert.equal(p.error, DecodeError.none);
  }
});

Deno.test("decodeEthernet() classifies EAPOL and 802.11 TDLS EtherTypes as l3 other", () => {
  assert.equal(decode(frames.ETH_EAPOL).etherType, 0x888e);
  assert.equal(decode(frames.ETH_EAPOL).l3, L3.other);
  assert.equal(decode(frames.ETH_TDLS).etherType, 0x890d);
  assert.equal(decode(frames.ETH_TDLS).l3, L3.other);
});

Deno.test("decodeEthernet() follows QinQ tags and a PPPoE session to IPv4 and UDP", () => {
  const p = decode(frames.ETH_QINQ_PPPOE_DNS);
  assert.equal(p.vlanCount, 2);
  assert.equal(p.vlanId, 421, "the outer tag's VLAN ID");
  assert.equal(p.encapsulation, Encap.vlan | Encap.qinq | Encap.pppoe);
  assert.equal(p.etherType, 0x8864);
  assert.equal(p.l3, L3.ipv4);
  assert.equal(p.l4, L4.udp);
  assert.equal(p.srcPort, 47255);
  assert.equal(p.dstPort, 53);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeEthernet() marks truncatedLink when fewer than 14 bytes are captured", () => {
  for (let caplen = 0; caplen < ETHERNET_HEADER_LEN; caplen++) {
    const p = decode(cut(frames.ETH_IPV4_UDP_DNS, caplen));
    assert.equal(p.error, DecodeError.truncatedLink);
    assert.equal(p.l3, L3.other);
    assert.equal(p.hasMac, false);
    assert.equal(p.truncated, true);
  }
});

Deno.test("decodeEthernet() reads IP behind an RFC 1042 SNAP header", () => {
  const ip = frames.ETH_IPV4_UDP_DNS.bytes.subarray(ETHERNET_HEADER_LEN);
  const macs = frames.ETH_IPV4_UDP_DNS.bytes.subarray(0, 12);
  // An 802.3 length, then DSAP/SSAP 0xaa, UI, OUI 00-00-00 and the EtherType.
  const llcSnap = concat(new Uint8Array([0, 8 + ip.length]), hex("aa aa 03 00 00 00 08 00"));
  const p = decode(fixture(1, concat(macs, llcSnap, ip)));
  assert.equal(p.etherType, 0x0800);
  assert.equal(p.l3, L3.ipv4);
  assert.equal(p.srcPort, 53);
});

Deno.test("decodeEthernet() reads an 802.3 length inside a VLAN tag as LLC", () => {
  const stp = frames.ETH_LLC_STP.bytes;
  const p = decode(fixture(1, concat(stp.subarray(0, 12), hex("8100 0005"), stp.subarray(12))));
  assert.equal(p.vlanId, 5);
  assert.equal(p.etherType, -1);
  assert.equal(p.l3, L3.other);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeEthernet() never reads past caplen, at any cut of any Ethernet fixture", () => {
  for (const f of Object.values(frames)) decodeEveryCut(f);
});
