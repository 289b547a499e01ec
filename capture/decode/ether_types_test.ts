import assert from "node:assert/strict";
import { DecodedPacket, DecodeError, L3 } from "./packet.ts";
import { decodeEtherType, decodeLlc } from "./ether_types.ts";
import { ETH_ARP } from "./testdata/ethernet_frames.ts";
import { hex } from "./testdata/fixture.ts";

/** The ARP packet of a real frame, without its Ethernet header. */
const ARP = ETH_ARP.bytes.subarray(14);

function dispatch(type: number, payload: Uint8Array): DecodedPacket {
  const out = new DecodedPacket();
  decodeEtherType(type, new DataView(payload.buffer, payload.byteOffset), 0, payload.length, out);
  return out;
}

Deno.test("decodeEtherType() sends ARP (0x0806) and RARP (0x8035) to the ARP decoder", () => {
  assert.equal(dispatch(0x0806, ARP).l3, L3.arp);
  assert.equal(dispatch(0x8035, ARP).l3, L3.arp);
  assert.equal(dispatch(0x8035, ARP).etherType, 0x8035);
});

Deno.test("decodeEtherType() classifies unknown EtherTypes and PPPoE discovery as l3 other", () => {
  for (const type of [0x8863, 0x88cc, 0x9200, 0xffff, 0x05dd, 0x05ff]) {
    const p = dispatch(type, ARP);
    assert.equal(p.l3, L3.other, `0x${type.toString(16)}`);
    assert.equal(p.etherType, type);
    assert.equal(p.error, DecodeError.none);
  }
});

Deno.test("decodeEtherType() reads an 802.3 length (up to 1500) as an LLC frame", () => {
  const p = dispatch(46, hex("42 42 03 00 00 00"));
  assert.equal(p.etherType, -1);
  assert.equal(p.l3, L3.other);
});

Deno.test("decodeLlc() reports truncatedLink when the LLC header is cut", () => {
  const out = new DecodedPacket();
  decodeLlc(new DataView(new ArrayBuffer(2)), 0, 2, out);
  assert.equal(out.error, DecodeError.truncatedLink);
  assert.equal(out.l3, L3.other);
});
