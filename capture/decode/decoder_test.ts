import assert from "node:assert/strict";
import { DecodedPacket, DecodeError, L3, L4 } from "./packet.ts";
import { decodeFrame } from "./decoder.ts";
import { ALL_FRAMES } from "./testdata/all_frames.ts";
import { ETH_ARP } from "./testdata/ethernet_frames.ts";
import { ETH_TCP_SYN_ACK } from "./testdata/ipv4_frames.ts";
import { cut, decode, decodeEveryCut, snapshot } from "./testdata/fixture.ts";

Deno.test("decodeFrame() sets caplen, wireLen, linkType and truncated from its arguments", () => {
  const whole = decode(ETH_TCP_SYN_ACK);
  assert.deepEqual([whole.caplen, whole.wireLen, whole.linkType, whole.truncated], [
    74,
    74,
    1,
    false,
  ]);
  const snapped = decode(cut(ETH_TCP_SYN_ACK, 54));
  assert.deepEqual([snapped.caplen, snapped.wireLen, snapped.truncated], [54, 74, true]);
  assert.equal(snapped.error, DecodeError.truncatedTransport, "the options are cut");
});

Deno.test("decodeFrame() overwrites every field the previous frame set", () => {
  const out = new DecodedPacket();
  decode(ETH_TCP_SYN_ACK, out);
  out.tsSec = 1234;
  const reused = decode(ETH_ARP, out);
  assert.equal(reused, out, "the same object comes back");
  assert.deepEqual(snapshot(reused), snapshot(decode(ETH_ARP)));
  assert.equal(reused.srcPort, -1);
  assert.equal(reused.tsSec, 0, "timestamps are the caller's to set again");
});

Deno.test("decodeFrame() reports unsupportedLinkType and l3 other for link types it does not read", () => {
  for (const linkType of [8, 219, 274, 276 + 1, -1, 65536]) {
    const p = decode({ ...ETH_TCP_SYN_ACK, linkType });
    assert.equal(p.error, DecodeError.unsupportedLinkType);
    assert.equal(p.l3, L3.other);
    assert.equal(p.l4, L4.none);
    assert.equal(p.linkType, linkType);
  }
});

Deno.test("decodeFrame() reads no further than the buffer when caplen claims more", () => {
  const bytes = ETH_TCP_SYN_ACK.bytes;
  const out = new DecodedPacket();
  decodeFrame(1, new DataView(bytes.buffer, 0, 40), 0, 74, 74, out);
  assert.equal(out.caplen, 74);
  assert.equal(out.l3, L3.ipv4);
  assert.equal(out.error, DecodeError.truncatedTransport);
  decodeFrame(1, new DataView(bytes.buffer, 0, 40), 30, 74, 74, out);
  assert.equal(out.error, DecodeError.truncatedLink);
});

Deno.test("decodeFrame() marks truncatedLink for an offset outside the buffer", () => {
  const view = new DataView(ETH_TCP_SYN_ACK.bytes.buffer);
  const out = new DecodedPacket();
  for (const [offset, caplen] of [[-1, 74], [75, 10], [NaN, 74], [0, -5]]) {
    decodeFrame(1, view, offset!, caplen!, 74, out);
    assert.equal(out.error, DecodeError.truncatedLink, `offset ${offset}, caplen ${caplen}`);
    assert.equal(out.l3, L3.other);
  }
});

Deno.test("decodeFrame() never reads past caplen, at any cut of every fixture frame", () => {
  for (const [, f] of ALL_FRAMES) decodeEveryCut(f);
});

Deno.test("decodeFrame() never throws on random bytes, for every link type it reads", () => {
  // xorshift32: a fixed seed makes a failure reproducible.
  let state = 0x2545f491;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const out = new DecodedPacket();
  for (const linkType of [0, 1, 12, 108, 113, 228, 229, 276]) {
    for (let i = 0; i < 3000; i++) {
      // Real headers with random bytes after a random cut: lies in every later field.
      const [, f] = ALL_FRAMES[random() % ALL_FRAMES.length]!;
      const bytes = f.bytes.slice(0, 1 + (random() % 200));
      for (let j = random() % bytes.length; j < bytes.length; j++) bytes[j] = random() & 0xff;
      decodeFrame(linkType, new DataView(bytes.buffer), 0, bytes.length, 1500, out);
      assert.notEqual(out.l3, L3.none, "every frame gets an l3 class");
    }
  }
});
