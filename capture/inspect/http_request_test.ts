import assert from "node:assert/strict";
import { HttpHead, HttpParse, parseHttpRequest, requestMethodLength } from "./http_request.ts";
import { asciiText } from "./ascii_text.ts";
import { hexView } from "./testdata/hex.ts";

const text = (s: string) => new DataView(new TextEncoder().encode(s).buffer);

/** http11_wikipedia_lan_mix.pcap frame 6, the first lines (tshark's http.host: www.wikipedia.org). */
const WIKIPEDIA_GET = "GET / HTTP/1.1\r\nHost: www.wikipedia.org\r\n" +
  "User-Agent: Mozilla/5.0 (X11; U; Linux x86_64; en-US; rv:1.9.2.15) Gecko/20110303\r\n" +
  "Connection: keep-alive\r\nCache-Control: max-age=0\r\n\r\n";
/** lan_mix_iphone_wifi.pcap frame 18: an SSDP M-SEARCH over UDP, with an upper-case HOST. */
const SSDP_M_SEARCH = "4d2d534541524348202a20485454502f312e310d0a484f53543a203233392e3235352e" +
  "3235352e3235303a313930300d0a4d414e3a2022737364703a646973636f766572220d0a4d583a20310d0a53" +
  "543a2075726e3a6469616c2d6d756c746973637265656e2d6f72673a736572766963653a6469616c3a310d0a" +
  "0d0a00";

Deno.test("parseHttpRequest() finds method, target and Host of a real GET", () => {
  const v = text(WIKIPEDIA_GET);
  const head = new HttpHead();
  assert.equal(parseHttpRequest(v, 0, v.byteLength, head), HttpParse.complete);
  assert.equal(asciiText(v, 0, head.methodEnd), "GET");
  assert.equal(asciiText(v, head.targetStart, head.targetEnd), "/");
  assert.equal(asciiText(v, head.hostStart, head.hostEnd), "www.wikipedia.org");
  assert.equal(head.headEnd, v.byteLength);
});

Deno.test("parseHttpRequest() reads an SSDP M-SEARCH with an upper-case HOST header", () => {
  const v = hexView(SSDP_M_SEARCH);
  const head = new HttpHead();
  assert.equal(parseHttpRequest(v, 0, v.byteLength, head), HttpParse.complete);
  assert.equal(asciiText(v, 0, head.methodEnd), "M-SEARCH");
  assert.equal(asciiText(v, head.hostStart, head.hostEnd), "239.255.255.250:1900");
});

Deno.test("parseHttpRequest() keeps the port of a CONNECT's Host and trims its spaces", () => {
  const v = text("CONNECT a.example:443 HTTP/1.1\r\nHost: \t a.example:443 \r\n\r\n");
  const head = new HttpHead();
  assert.equal(parseHttpRequest(v, 0, v.byteLength, head), HttpParse.complete);
  assert.equal(asciiText(v, head.hostStart, head.hostEnd), "a.example:443");
});

Deno.test("parseHttpRequest() says incomplete for a head cut before its blank line", () => {
  const v = text(WIKIPEDIA_GET);
  const head = new HttpHead();
  assert.equal(parseHttpRequest(v, 0, 30, head), HttpParse.incomplete);
  assert.equal(parseHttpRequest(v, 0, 8, head), HttpParse.incomplete);
});

Deno.test("parseHttpRequest() rejects responses, other protocols and unknown methods", () => {
  const head = new HttpHead();
  for (const s of ["HTTP/1.1 200 OK\r\n\r\n", "EHLO mail\r\n", "FOO / HTTP/1.1\r\n\r\n"]) {
    const v = text(s);
    assert.equal(parseHttpRequest(v, 0, v.byteLength, head), HttpParse.notHttp, s);
  }
  const v = text("GET / SSH-2.0\r\n\r\n");
  assert.equal(parseHttpRequest(v, 0, v.byteLength, head), HttpParse.notHttp);
});

Deno.test("parseHttpRequest() gives up on a head longer than 8 KiB", () => {
  const v = text("GET / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n");
  assert.equal(parseHttpRequest(v, 0, v.byteLength, new HttpHead()), HttpParse.notHttp);
});

Deno.test("parseHttpRequest() reads Content-Length and reports no Host when absent", () => {
  const v = text("POST /x HTTP/1.0\r\ncontent-length: 42\r\n\r\nbody");
  const head = new HttpHead();
  assert.equal(parseHttpRequest(v, 0, v.byteLength, head), HttpParse.complete);
  assert.equal(head.contentLength, 42);
  assert.equal(head.hostStart, -1);
});

Deno.test("requestMethodLength() needs a known method followed by a space", () => {
  assert.equal(requestMethodLength(text("GET /"), 0, 5), 3);
  assert.equal(requestMethodLength(text("GETX /"), 0, 6), 0);
  assert.equal(requestMethodLength(text("\x16\x03\x01\x00"), 0, 4), 0);
});
