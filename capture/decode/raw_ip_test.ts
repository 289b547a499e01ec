import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import { Dlt } from "./link_types.ts";
import { RAW_IPV4_TCP, RAW_IPV4_UDP, RAW_IPV6_UDP } from "./testdata/cooked_frames.ts";
import { addr, decode, decodeEveryCut, edited, fixture } from "./testdata/fixture.ts";

Deno.test("decodeRawIp() picks IPv4 or IPv6 by the version nibble", () => {
  const tcp = decode(RAW_IPV4_TCP);
  assert.equal(tcp.l3, L3.ipv4);
  assert.equal(tcp.l4, L4.tcp);
  assert.equal(addr(tcp.dst, 4), "64.233.184.188");
  assert.equal(tcp.dstPort, 5228);
  assert.equal(tcp.hasMac, false);
  assert.equal(decode(RAW_IPV4_UDP).dstPort, 53);
  const v6 = decode(RAW_IPV6_UDP);
  assert.equal(v6.l3, L3.ipv6);
  assert.equal(addr(v6.dst, 16), "2620:fe:0:0:0:0:0:fe");
});

Deno.test("decodeFrame() reads raw IP as DLT 12, 14 and LINKTYPE 101", () => {
  for (const linkType of [Dlt.raw, Dlt.rawOpenBsd, Dlt.linktypeRaw]) {
    assert.equal(decode({ ...RAW_IPV4_TCP, linkType }).l4, L4.tcp);
    assert.equal(decode({ ...RAW_IPV6_UDP, linkType }).l4, L4.udp);
  }
});

Deno.test("decodeFrame() reads DLT_IPV4 (228) and DLT_IPV6 (229) without looking at the version", () => {
  assert.equal(decode({ ...RAW_IPV4_TCP, linkType: Dlt.ipv4 }).l3, L3.ipv4);
  assert.equal(decode({ ...RAW_IPV6_UDP, linkType: Dlt.ipv6 }).l3, L3.ipv6);
  const mislabelled = decode({ ...RAW_IPV6_UDP, linkType: Dlt.ipv4 });
  assert.equal(mislabelled.l3, L3.ipv4);
  assert.equal(mislabelled.error, DecodeError.badIPv4Header);
});

Deno.test("decodeRawIp() reports badIpVersion and l3 other for a version neither 4 nor 6", () => {
  for (const first of [0x00, 0x55, 0xf0]) {
    const p = decode(edited(RAW_IPV4_TCP, (b) => b[0] = first));
    assert.equal(p.error, DecodeError.badIpVersion);
    assert.equal(p.l3, L3.other);
    assert.equal(p.l4, L4.none);
  }
});

Deno.test("decodeRawIp() marks an empty frame truncatedLink", () => {
  const p = decode(fixture(Dlt.raw, new Uint8Array(0), 60));
  assert.equal(p.error, DecodeError.truncatedLink);
  assert.equal(p.l3, L3.other);
});

Deno.test("decodeRawIp() never reads past caplen at any cut", () => {
  for (const f of [RAW_IPV4_TCP, RAW_IPV4_UDP, RAW_IPV6_UDP]) decodeEveryCut(f);
});
