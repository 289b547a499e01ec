import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import { SLL2_HEADER_LEN } from "./linux_sll2.ts";
import { SLL2_ARP, SLL2_ICMP_ECHO, SLL2_ICMPV6_ECHO, SLL2_RARP } from "./testdata/cooked_frames.ts";
import { addr, cut, decode, decodeEveryCut, mac } from "./testdata/fixture.ts";

Deno.test("decodeLinuxSll2() reads ICMP and ICMPv6 echo from tcpdump -i any", () => {
  const v4 = decode(SLL2_ICMP_ECHO);
  assert.equal(v4.etherType, 0x0800);
  assert.equal(v4.l3, L3.ipv4);
  assert.equal(v4.l4, L4.icmp);
  assert.equal(addr(v4.src, 4), "192.0.2.1");
  assert.equal(v4.payloadOffset, SLL2_HEADER_LEN + 20 + 8);
  const v6 = decode(SLL2_ICMPV6_ECHO);
  assert.equal(v6.l3, L3.ipv6);
  assert.equal(v6.l4, L4.icmpv6);
  assert.equal(addr(v6.src, 16), "fe80:0:0:0:8c36:6ff:fe44:acaf");
});

Deno.test("decodeLinuxSll2() keeps the sender's MAC of ARP and RARP requests", () => {
  for (const f of [SLL2_ARP, SLL2_RARP]) {
    const p = decode(f);
    assert.equal(p.l3, L3.arp);
    assert.equal(p.hasMac, true);
    assert.equal(mac(p.srcMac), "8e:36:06:44:ac:af");
  }
});

Deno.test("decodeLinuxSll2() marks truncatedLink when fewer than 20 bytes are captured", () => {
  for (let caplen = 0; caplen < SLL2_HEADER_LEN; caplen++) {
    const p = decode(cut(SLL2_ICMP_ECHO, caplen));
    assert.equal(p.error, DecodeError.truncatedLink);
    assert.equal(p.l3, L3.other);
    assert.equal(p.hasMac, false);
  }
});

Deno.test("decodeLinuxSll2() never reads past caplen at any cut", () => {
  for (const f of [SLL2_ARP, SLL2_RARP, SLL2_ICMP_ECHO, SLL2_ICMPV6_ECHO]) decodeEveryCut(f);
});
