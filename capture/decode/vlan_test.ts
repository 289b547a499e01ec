import assert from "node:assert/strict";
import { DecodeError, Encap, L3, L4 } from "./packet.ts";
import { MAX_VLAN_TAGS, VLAN_TAG_LEN } from "./vlan.ts";
import { ETHERNET_HEADER_LEN } from "./ethernet.ts";
import { ETH_IPV4_UDP_DNS, ETH_VLAN_ARP, ETH_VLAN_ICMP_ECHO } from "./testdata/ethernet_frames.ts";
import { concat, cut, decode, fixture, hex } from "./testdata/fixture.ts";

const MACS = ETH_IPV4_UDP_DNS.bytes.subarray(0, 12);
const IPV4 = ETH_IPV4_UDP_DNS.bytes.subarray(ETHERNET_HEADER_LEN);

/** An Ethernet frame with `count` tags of TPID `tpid` (VLAN IDs 100, 101...) before IPv4. */
function tagged(count: number, tpid = 0x8100) {
  const tags: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    tags.push(new Uint8Array([tpid >> 8, tpid & 0xff, 0x20, 100 + i]));
  }
  return fixture(1, concat(MACS, ...tags, hex("0800"), IPV4));
}

Deno.test("skipVlanTags() reads the VLAN ID of a real 802.1Q frame (ARP and ICMP on VLAN 123)", () => {
  for (const f of [ETH_VLAN_ARP, ETH_VLAN_ICMP_ECHO]) {
    const p = decode(f);
    assert.equal(p.vlanCount, 1);
    assert.equal(p.vlanId, 123);
    assert.equal(p.encapsulation, Encap.vlan);
  }
  assert.equal(decode(ETH_VLAN_ARP).l3, L3.arp);
  assert.equal(decode(ETH_VLAN_ICMP_ECHO).l4, L4.icmp);
});

Deno.test("skipVlanTags() accepts the 802.1Q, 802.1ad and 0x9100 tag types", () => {
  for (const tpid of [0x8100, 0x88a8, 0x9100]) {
    const p = decode(tagged(1, tpid));
    assert.equal(p.vlanId, 100, `TPID 0x${tpid.toString(16)}`);
    assert.equal(p.etherType, 0x0800);
    assert.equal(p.l3, L3.ipv4);
  }
});

Deno.test("skipVlanTags() decodes a stack of MAX_VLAN_TAGS tags and keeps the outer VLAN ID", () => {
  const p = decode(tagged(MAX_VLAN_TAGS));
  assert.equal(p.vlanCount, MAX_VLAN_TAGS);
  assert.equal(p.vlanId, 100);
  assert.equal(p.encapsulation, Encap.vlan | Encap.qinq);
  assert.equal(p.l3, L3.ipv4);
  assert.equal(p.srcPort, 53);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("skipVlanTags() reports badVlan for a tag storm of MAX_VLAN_TAGS + 1 tags", () => {
  for (const count of [MAX_VLAN_TAGS + 1, 100, 360]) {
    const p = decode(tagged(count));
    assert.equal(p.error, DecodeError.badVlan);
    assert.equal(p.vlanCount, MAX_VLAN_TAGS);
    assert.equal(p.l3, L3.other);
    assert.equal(p.srcPort, -1);
  }
});

Deno.test("skipVlanTags() reports badVlan when a tag is cut short", () => {
  for (let caplen = ETHERNET_HEADER_LEN; caplen < ETHERNET_HEADER_LEN + VLAN_TAG_LEN; caplen++) {
    const p = decode(cut(ETH_VLAN_ICMP_ECHO, caplen));
    assert.equal(p.error, DecodeError.badVlan, `caplen ${caplen}`);
    assert.equal(p.l3, L3.other);
    assert.equal(p.vlanId, -1);
  }
  const whole = decode(cut(ETH_VLAN_ICMP_ECHO, ETHERNET_HEADER_LEN + VLAN_TAG_LEN));
  assert.equal(whole.error, DecodeError.truncatedIPv4, "the tag is whole, the IP header is not");
  assert.equal(whole.vlanId, 123);
});
