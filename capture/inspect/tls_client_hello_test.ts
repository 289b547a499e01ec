import assert from "node:assert/strict";
import { HelloParse, parseClientHello, SniSpan } from "./tls_client_hello.ts";
import { asciiText } from "./ascii_text.ts";
import { hexBytes, hexView } from "./testdata/hex.ts";
import { CURL_CLIENT_HELLO } from "./testdata/tls_payloads.ts";

/** The handshake message of the real ClientHello: the record without its 5-byte header. */
const MESSAGE = hexBytes(CURL_CLIENT_HELLO).subarray(5);
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

Deno.test("parseClientHello() finds the SNI of a real ClientHello", () => {
  const span = new SniSpan();
  const v = view(MESSAGE);
  assert.equal(parseClientHello(v, 0, v.byteLength, span), HelloParse.complete);
  assert.equal(asciiText(v, span.sniStart, span.sniEnd), "www.ntop.org");
});

Deno.test("parseClientHello() says incomplete for every cut of the message", () => {
  const span = new SniSpan();
  const v = view(MESSAGE);
  for (const cut of [0, 3, 4, 40, 200, MESSAGE.length - 1]) {
    assert.equal(parseClientHello(v, 0, cut, span), HelloParse.incomplete, `cut at ${cut}`);
  }
});

Deno.test("parseClientHello() rejects another handshake type and lying lengths", () => {
  const span = new SniSpan();
  assert.equal(parseClientHello(hexView("02000000"), 0, 4, span), HelloParse.invalid);
  const bad = MESSAGE.slice();
  bad[4 + 34] = 0xff; // session_id length past the message
  const b = view(bad);
  const status = parseClientHello(b, 0, b.byteLength, span);
  assert.notEqual(status, HelloParse.complete);
  assert.equal(span.sniStart, -1);
});

Deno.test("parseClientHello() completes without a name when there is no server_name", () => {
  // Version, random, empty session id, one suite, one compression method, no extensions.
  const hello = hexView("01000029" + "0303" + "00".repeat(32) + "00" + "0002c02f" + "0100");
  const span = new SniSpan();
  assert.equal(parseClientHello(hello, 0, hello.byteLength, span), HelloParse.complete);
  assert.equal(span.sniStart, -1);
});
