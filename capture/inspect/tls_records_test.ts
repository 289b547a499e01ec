import assert from "node:assert/strict";
import { HelloScan, scanClientHelloRecords, startsClientHello } from "./tls_records.ts";
import { HelloParse } from "./tls_client_hello.ts";
import { asciiText } from "./ascii_text.ts";
import { hexBytes } from "./testdata/hex.ts";
import { CURL_CLIENT_HELLO } from "./testdata/tls_payloads.ts";

const RECORD = hexBytes(CURL_CLIENT_HELLO);
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The same ClientHello re-cut into handshake records of at most `size` bytes. */
function split(size: number): Uint8Array {
  const msg = RECORD.subarray(5);
  const parts: number[] = [];
  for (let i = 0; i < msg.length; i += size) {
    const chunk = msg.subarray(i, i + size);
    parts.push(0x16, 0x03, 0x01, chunk.length >> 8, chunk.length & 0xff, ...chunk);
  }
  return Uint8Array.from(parts);
}

Deno.test("scanClientHelloRecords() reads a one-record ClientHello in place", () => {
  const v = view(RECORD);
  const scan = new HelloScan();
  assert.equal(scanClientHelloRecords(v, 0, v.byteLength, scan), HelloParse.complete);
  assert.equal(scan.view, v);
  assert.equal(asciiText(scan.view, scan.sniStart, scan.sniEnd), "www.ntop.org");
});

Deno.test("scanClientHelloRecords() joins a ClientHello spread over several records", () => {
  const bytes = split(100);
  const v = view(bytes);
  const scan = new HelloScan();
  assert.equal(scanClientHelloRecords(v, 0, v.byteLength, scan), HelloParse.complete);
  assert.equal(asciiText(scan.view, scan.sniStart, scan.sniEnd), "www.ntop.org");
  assert.equal(scanClientHelloRecords(v, 0, 250, scan), HelloParse.incomplete);
});

Deno.test("scanClientHelloRecords() asks for more bytes until the record is whole", () => {
  const v = view(RECORD);
  const scan = new HelloScan();
  for (const cut of [0, 5, 9, 100, RECORD.length - 1]) {
    assert.equal(scanClientHelloRecords(v, 0, cut, scan), HelloParse.incomplete, `cut ${cut}`);
  }
});

Deno.test("scanClientHelloRecords() rejects application data and a non-handshake 2nd record", () => {
  const scan = new HelloScan();
  const appData = view(Uint8Array.of(0x17, 0x03, 0x03, 0x00, 0x10, 0x01, 0, 0, 0));
  assert.equal(scanClientHelloRecords(appData, 0, 9, scan), HelloParse.invalid);
  const bytes = split(100);
  bytes[105] = 0x17; // the second record's content type
  assert.equal(scanClientHelloRecords(view(bytes), 0, bytes.length, scan), HelloParse.invalid);
});

Deno.test("startsClientHello() checks content type, version and handshake type", () => {
  assert.ok(startsClientHello(view(RECORD), 0, RECORD.length));
  const serverHello = RECORD.slice();
  serverHello[5] = 2;
  assert.ok(!startsClientHello(view(serverHello), 0, serverHello.length));
  assert.ok(startsClientHello(view(RECORD), 0, 3), "a cut record header may start one");
  assert.ok(!startsClientHello(view(Uint8Array.of(0x16, 0x04)), 0, 2));
  assert.ok(!startsClientHello(view(RECORD), 0, 0));
});
