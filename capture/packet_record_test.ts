import assert from "node:assert/strict";
import { DecodedPacket, L3, L4, TcpFlag } from "./decode/packet.ts";
import { NOT_CARRIED, PacketRecord } from "./packet_record.ts";
import { fillPacket } from "../stats/_test_packet.ts";
import { hashWords } from "./key_hash.ts";
import { FLOW_KEY_WORDS } from "./packet_keys.ts";

const SEED = 0xdeadbeef;

/** Write `p` into a one-record buffer with `seed` and read it back through another record. */
function roundTrip(p: DecodedPacket, seed = SEED): PacketRecord {
  const writer = new PacketRecord(p);
  writer.seed = seed;
  writer.keyFlow(true);
  const words = new Int32Array(PacketRecord.words * 2);
  writer.write(words, PacketRecord.words);
  const reader = new PacketRecord();
  reader.seed = seed;
  reader.read(words, PacketRecord.words);
  return reader;
}

const SKIPPED: ReadonlySet<string> = new Set(["payloadOffset", ...NOT_CARRIED]);

/** The fields of a `DecodedPacket` a record carries (the payload offset means nothing after). */
function fields(p: DecodedPacket): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (SKIPPED.has(k)) continue;
    out[k] = v instanceof Uint8Array ? [...v] : v;
  }
  return out;
}

Deno.test("PacketRecord carries every field and both MACs through the ring", () => {
  const p = fillPacket(new DecodedPacket(), {
    t: 1_700_000_123.456789,
    src: "2001:db8::1",
    dst: "2001:db8:ffff::2",
    proto: "tcp",
    sport: 65535,
    dport: 443,
    flags: TcpFlag.syn | TcpFlag.ack,
    len: 1514,
    caplen: 96,
    vlanCount: 2,
  });
  p.hasMac = true;
  p.srcMac.set([0x00, 0x1b, 0x21, 0xfe, 0xdc, 0xba]);
  p.dstMac.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
  p.tcpSeq = 0xfffffffe;
  p.tcpAck = 0x80000001;
  p.tsSec = 0xfffffff0; // past 2^31: stored in a signed word, read back unsigned
  const back = roundTrip(p);
  assert.deepEqual(fields(back.packet), fields(p));
});

Deno.test("PacketRecord keeps every packed code at its absent value and at its largest", () => {
  for (const absent of [true, false]) {
    const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp" });
    const v = (largest: number) => absent ? -1 : largest;
    p.etherType = v(0xffff);
    p.vlanId = v(4095);
    p.ipProto = v(255);
    p.arpOp = v(0xffff);
    p.icmpType = v(255);
    p.icmpCode = v(255);
    p.tcpFlags = v(0x1ff);
    p.srcPort = v(0xffff);
    p.dstPort = v(0xffff);
    p.tcpWindow = v(0xffff);
    p.encapsulation = absent ? 0 : 7;
    p.vlanCount = absent ? 0 : 4;
    p.error = absent ? 0 : 13;
    p.fragOffset = absent ? 0 : 65528;
    assert.deepEqual(fields(roundTrip(p).packet), fields(p));
  }
});

Deno.test("PacketRecord leaves the fields it does not carry at the reader's initial values", () => {
  const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp" });
  p.ttl = 64;
  p.ipHeaderLen = 20;
  p.ipTotalLen = 1500;
  p.payloadCaptured = 1472;
  const back = roundTrip(p).packet;
  const initial = new DecodedPacket();
  for (const k of NOT_CARRIED) assert.equal(back[k], initial[k]);
});

Deno.test("PacketRecord keeps absent sequence numbers and MACs absent", () => {
  const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp" });
  p.tcpSeq = -1;
  p.tcpAck = -1;
  p.hasMac = false;
  const back = roundTrip(p).packet;
  assert.equal(back.tcpSeq, -1);
  assert.equal(back.tcpAck, -1);
  assert.equal(back.hasMac, false);
  assert.equal(back.l4, L4.udp);
});

Deno.test("PacketRecord carries the flow key, side and hash the worker computed", () => {
  const p = fillPacket(new DecodedPacket(), {
    src: "10.0.0.9",
    dst: "10.0.0.1",
    proto: "tcp",
    sport: 443,
    dport: 50000,
  });
  const back = roundTrip(p);
  assert.equal(back.flow.keyed, true);
  assert.equal(back.flow.srcIsLow, false);
  assert.equal(back.flow.seed, SEED | 0);
  assert.equal(back.flow.hash, hashWords(back.flow.key, FLOW_KEY_WORDS, SEED));
  // Low side first: 10.0.0.1:50000, then 10.0.0.9:443.
  assert.equal(back.flow.key[1], 0x0a000001);
  assert.equal(back.flow.key[5], 0x0a000009);
  assert.equal(back.flow.key[9], ((50000 << 16) | 443) >>> 0);
});

Deno.test("PacketRecord marks a frame without IP addresses as having no flow", () => {
  const back = roundTrip(fillPacket(new DecodedPacket(), { l3: L3.arp, src: "10.0.0.7" }));
  assert.equal(back.hinted, true);
  assert.equal(back.flow.keyed, false);
});

Deno.test("PacketRecord tells a record without a hint from one whose packet has no flow", () => {
  const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp" });
  const writer = new PacketRecord(p);
  const words = new Int32Array(PacketRecord.words);
  const reader = new PacketRecord();
  writer.keyFlow(false);
  writer.write(words, 0);
  reader.read(words, 0);
  assert.equal(reader.hinted, false);
  writer.keyFlow(true);
  writer.write(words, 0);
  reader.read(words, 0);
  assert.deepEqual([reader.hinted, reader.flow.keyed], [true, true]);
});

Deno.test("PacketRecord keeps lengths above 2^31 positive (a file's lying record header)", () => {
  const writer = new PacketRecord();
  writer.packet.wireLen = 0x8000_0010;
  writer.packet.caplen = 60;
  const words = new Int32Array(PacketRecord.words);
  writer.write(words, 0);
  const reader = new PacketRecord();
  reader.read(words, 0);
  assert.equal(reader.packet.wireLen, 0x8000_0010);
  assert.equal(reader.packet.caplen, 60);
});
