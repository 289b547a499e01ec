import assert from "node:assert/strict";
import { LongHeader, parseLongHeader } from "./quic_header.ts";
import { clientInitialKeys, QUIC_V1 } from "./quic_keys.ts";
import { openInitial } from "./quic_protection.ts";
import { type CryptoSink, readCryptoFrames } from "./quic_frames.ts";
import { CryptoStream } from "./quic_crypto_stream.ts";
import { SniSpan } from "./tls_client_hello.ts";
import { asciiText } from "./ascii_text.ts";
import { hexBytes, hexView } from "./testdata/hex.ts";
import { QUIC_V1_CLIENT_INITIAL, QUIC_V1_SERVER_INITIAL } from "./testdata/quic_payloads.ts";
import { MIN_INITIAL_DATAGRAM, QuicInitials } from "./quic_initials.ts";
import { NameEmitter } from "./name_emitter.ts";
import { EventQueue } from "./event_queue.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { DecodedPacket } from "../decode/packet.ts";

function open(hex: string) {
  const view = hexView(hex);
  const h = new LongHeader();
  assert.ok(parseLongHeader(view, 0, view.byteLength, h));
  const dcid = new Uint8Array(view.buffer, h.dcidStart, h.dcidLen).slice();
  return { view, h, plain: openInitial(view, 0, h, clientInitialKeys(h.version, dcid)) };
}

Deno.test("parseLongHeader() reads version, DCID and length of a real client Initial", () => {
  const { h } = open(QUIC_V1_CLIENT_INITIAL);
  assert.equal(h.version, QUIC_V1);
  assert.ok(h.initial);
  assert.equal(h.dcidLen, 16);
  assert.equal(h.end, 334, "curl's Initial is followed by a coalesced padding packet");
});

Deno.test("parseLongHeader() rejects a short header and a packet cut by the capture", () => {
  const view = hexView(QUIC_V1_CLIENT_INITIAL);
  const h = new LongHeader();
  assert.ok(!parseLongHeader(view, 0, 300, h), "the Length runs past the captured bytes");
  assert.ok(!parseLongHeader(hexView("40" + "00".repeat(30)), 0, 31, h));
});

Deno.test("openInitial() opens a real client Initial and refuses the server's", () => {
  assert.ok(open(QUIC_V1_CLIENT_INITIAL).plain !== null);
  assert.equal(open(QUIC_V1_SERVER_INITIAL).plain, null);
});

Deno.test("openInitial() refuses a client Initial with one byte changed", () => {
  const bytes = hexBytes(QUIC_V1_CLIENT_INITIAL);
  const view = new DataView(bytes.buffer);
  const h = new LongHeader();
  parseLongHeader(view, 0, bytes.length, h);
  bytes[h.end - 20] = bytes[h.end - 20]! ^ 1;
  const dcid = bytes.slice(h.dcidStart, h.dcidStart + h.dcidLen);
  assert.equal(openInitial(view, 0, h, clientInitialKeys(h.version, dcid)), null);
});

Deno.test("readCryptoFrames() and CryptoStream give the SNI of the decrypted ClientHello", () => {
  const { plain } = open(QUIC_V1_CLIENT_INITIAL);
  const stream = new CryptoStream(16384, QUIC_V1);
  readCryptoFrames(
    new DataView(plain!.buffer, plain!.byteOffset, plain!.length),
    plain!.length,
    stream,
  );
  const span = new SniSpan();
  assert.ok(stream.readHello(span));
  assert.equal(asciiText(stream.view, span.sniStart, span.sniEnd), "www.google.de");
  assert.ok(stream.done);
});

Deno.test("CryptoStream waits for a hole at the start, whatever order frames come in", () => {
  const { plain } = open(QUIC_V1_CLIENT_INITIAL);
  const frames: [number, DataView, number, number][] = [];
  const sink: CryptoSink = { crypto: (o, d, s, l) => frames.push([o, d, s, l]) };
  readCryptoFrames(
    new DataView(plain!.buffer, plain!.byteOffset, plain!.length),
    plain!.length,
    sink,
  );
  const [offset, data, start, length] = frames[0]!;
  assert.equal(offset, 0);
  const stream = new CryptoStream(16384, QUIC_V1);
  const half = Math.floor(length / 2);
  stream.crypto(half, data, start + half, length - half);
  const span = new SniSpan();
  assert.ok(!stream.readHello(span), "the first half is missing");
  stream.crypto(0, data, start, half);
  assert.ok(stream.readHello(span));
});

Deno.test("readCryptoFrames() stops at a frame type an Initial may not carry", () => {
  const seen: number[] = [];
  const sink: CryptoSink = { crypto: (o) => seen.push(o) };
  // PADDING, PING, CRYPTO(offset 0, 1 byte), STREAM (0x08): not allowed; then another CRYPTO.
  const v = hexView("0001" + "060001aa" + "08" + "060101bb");
  readCryptoFrames(v, v.byteLength, sink);
  assert.deepEqual(seen, [0]);
});

/** A datagram shaped like a client's first Initial (v1, 8-byte DCID) whose payload is noise. */
function fakeInitial(dcid: number): Uint8Array {
  const bytes = new Uint8Array(MIN_INITIAL_DATAGRAM);
  for (let i = 26; i < bytes.length; i++) bytes[i] = (i * 131 + dcid * 7) & 0xff;
  const v = new DataView(bytes.buffer);
  v.setUint8(0, 0xc1);
  v.setUint32(1, QUIC_V1);
  v.setUint8(5, 8);
  v.setUint32(6, 0x5e5e0000);
  v.setUint32(10, dcid);
  v.setUint8(14, 8);
  v.setUint8(23, 0); // token length
  v.setUint16(24, 0x4000 | (bytes.length - 26));
  return bytes;
}

Deno.test("QuicInitials tries a DCID that does not open once, however often it comes", () => {
  const queue = new EventQueue(16);
  const quic = new QuicInitials(DEFAULT_LIMITS, new NameEmitter(queue));
  const p = new DecodedPacket();
  p.payloadLength = MIN_INITIAL_DATAGRAM;
  for (let dcid = 0; dcid < 50; dcid++) {
    const v = new DataView(fakeInitial(dcid).buffer);
    for (let again = 0; again < 3; again++) {
      assert.ok(quic.datagram(p, v, 0, v.byteLength, 0), "known version: taken for QUIC");
    }
  }
  assert.equal(quic.attempts, 50);
  assert.deepEqual(queue.drain(), []);
});

Deno.test("QuicInitials reads a real client Initial's SNI after DCIDs that failed to open", () => {
  const queue = new EventQueue(16);
  const quic = new QuicInitials(DEFAULT_LIMITS, new NameEmitter(queue));
  const p = new DecodedPacket();
  p.payloadLength = MIN_INITIAL_DATAGRAM;
  for (let dcid = 0; dcid < 3; dcid++) {
    const v = new DataView(fakeInitial(dcid).buffer);
    quic.datagram(p, v, 0, v.byteLength, 0);
  }
  const real = hexView(QUIC_V1_CLIENT_INITIAL);
  p.payloadLength = real.byteLength;
  assert.ok(quic.datagram(p, real, 0, real.byteLength, 0));
  const events = queue.drain();
  assert.deepEqual(events.map((e) => [e.kind, e.name]), [["quic-sni", "www.google.de"]]);
});
