import assert from "node:assert/strict";
import { DecodeError, Encap, L3, L4 } from "./packet.ts";
import { PPPOE_HEADER_LEN } from "./pppoe.ts";
import { ETH_QINQ_PPPOE_DNS } from "./testdata/ethernet_frames.ts";
import { addr, cut, decode, decodeEveryCut, edited } from "./testdata/fixture.ts";

/** Ethernet header and two VLAN tags come before the PPPoE header in the fixture. */
const PPPOE = 14 + 2 * 4;
const PPP_PROTOCOL = PPPOE + PPPOE_HEADER_LEN;

Deno.test("A PPPoE session hands PPP protocol 0x0021 to IPv4", () => {
  const p = decode(ETH_QINQ_PPPOE_DNS);
  assert.equal(p.encapsulation & Encap.pppoe, Encap.pppoe);
  assert.equal(p.l3, L3.ipv4);
  assert.equal(addr(p.src, p.addrLen), "82.178.113.245");
  assert.equal(addr(p.dst, p.addrLen), "82.178.158.181");
  assert.equal(p.ipHeaderLen, 20);
  assert.equal(p.payloadOffset, PPP_PROTOCOL + 2 + 20 + 8);
});

Deno.test("A PPPoE session hands PPP protocol 0x0057 to IPv6", () => {
  const f = edited(ETH_QINQ_PPPOE_DNS, (_, v) => v.setUint16(PPP_PROTOCOL, 0x0057));
  const p = decode(f);
  assert.equal(p.l3, L3.ipv6);
  assert.equal(p.error, DecodeError.badIpVersion, "the bytes that follow are an IPv4 header");
});

Deno.test("A PPPoE session classifies other PPP protocols (LCP) as l3 other", () => {
  const p = decode(edited(ETH_QINQ_PPPOE_DNS, (_, v) => v.setUint16(PPP_PROTOCOL, 0xc021)));
  assert.equal(p.l3, L3.other);
  assert.equal(p.l4, L4.none);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("A PPPoE session reports truncatedPppoe when the PPPoE or PPP header is cut", () => {
  for (let caplen = PPPOE; caplen < PPP_PROTOCOL + 2; caplen++) {
    const p = decode(cut(ETH_QINQ_PPPOE_DNS, caplen));
    assert.equal(p.error, DecodeError.truncatedPppoe, `caplen ${caplen}`);
    assert.equal(p.l3, L3.other);
    assert.equal(p.encapsulation, Encap.vlan | Encap.qinq | Encap.pppoe);
  }
  assert.equal(decode(cut(ETH_QINQ_PPPOE_DNS, PPP_PROTOCOL + 2)).error, DecodeError.truncatedIPv4);
});

Deno.test("A PPPoE session never reads past caplen at any cut", () => {
  decodeEveryCut(ETH_QINQ_PPPOE_DNS);
});
