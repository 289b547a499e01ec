import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import { SLL_HEADER_LEN } from "./linux_sll.ts";
import { SLL_ARP, SLL_IPV6_UDP } from "./testdata/cooked_frames.ts";
import { ETH_IPV4_UDP_DNS, ETH_LLC_STP } from "./testdata/ethernet_frames.ts";
import { concat, cut, decode, decodeEveryCut, fixture, hex, mac } from "./testdata/fixture.ts";

/** An SLL header: packet type 0 (to us), ARPHRD `hatype`, a 6-byte address, `protocol`. */
function sllHeader(hatype: number, protocol: number): Uint8Array {
  const header = hex("0000 0000 0006 0a0b0c0d0e0f 0000 0000");
  const view = new DataView(header.buffer);
  view.setUint16(2, hatype);
  view.setUint16(14, protocol);
  return header;
}
const IPV4 = ETH_IPV4_UDP_DNS.bytes.subarray(14);

Deno.test("decodeLinuxSll() keeps the sender's MAC and reads ARP by its protocol field", () => {
  const p = decode(SLL_ARP);
  assert.equal(p.hasMac, true);
  assert.equal(mac(p.srcMac), "cc:2d:e0:26:19:99");
  assert.equal(mac(p.dstMac), "00:00:00:00:00:00", "SLL has no destination address");
  assert.equal(p.etherType, 0x0806);
  assert.equal(p.l3, L3.arp);
});

Deno.test("decodeLinuxSll() reads IPv6 on the loopback device", () => {
  const p = decode(SLL_IPV6_UDP);
  assert.equal(p.l3, L3.ipv6);
  assert.equal(p.l4, L4.udp);
  assert.equal(p.payloadOffset, SLL_HEADER_LEN + 40 + 8);
});

Deno.test("decodeLinuxSll() reads VLAN tags the kernel left in the frame", () => {
  const p = decode(fixture(113, concat(sllHeader(1, 0x8100), hex("0064 0800"), IPV4)));
  assert.equal(p.vlanId, 100);
  assert.equal(p.l3, L3.ipv4);
});

Deno.test("decodeLinuxSll() reads protocol 0x0004 as 802.2 LLC and 0x0003 as Ethernet", () => {
  const llc = decode(fixture(113, concat(sllHeader(1, 4), ETH_LLC_STP.bytes.subarray(14))));
  assert.equal(llc.l3, L3.other);
  assert.equal(llc.error, DecodeError.none);
  const snap = decode(fixture(113, concat(sllHeader(1, 4), hex("aaaa03 000000 0800"), IPV4)));
  assert.equal(snap.l3, L3.ipv4);
  const eth = decode(fixture(113, concat(sllHeader(1, 3), ETH_IPV4_UDP_DNS.bytes)));
  assert.equal(eth.l3, L3.ipv4);
  assert.equal(mac(eth.dstMac), "00:e0:18:b1:0c:ad", "the inner Ethernet header's");
});

Deno.test("decodeLinuxSll() classifies netlink and Novell 802.3 frames as l3 other", () => {
  // ARPHRD_NETLINK: protocol 0x0800 would be a netlink protocol number there, not IPv4.
  assert.equal(decode(fixture(113, concat(sllHeader(824, 0x0800), IPV4))).l3, L3.other);
  assert.equal(decode(fixture(113, concat(sllHeader(1, 1), IPV4))).l3, L3.other);
});

Deno.test("decodeLinuxSll() marks truncatedLink when fewer than 16 bytes are captured", () => {
  for (let caplen = 0; caplen < SLL_HEADER_LEN; caplen++) {
    const p = decode(cut(SLL_ARP, caplen));
    assert.equal(p.error, DecodeError.truncatedLink);
    assert.equal(p.l3, L3.other);
  }
});

Deno.test("decodeLinuxSll() never reads past caplen at any cut", () => {
  decodeEveryCut(SLL_ARP);
  decodeEveryCut(SLL_IPV6_UDP);
});
