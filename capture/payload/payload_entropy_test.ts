import assert from "node:assert/strict";
import { payloadEntropy } from "./payload_entropy.ts";

const histogram = new Uint32Array(256);

Deno.test("payloadEntropy() is 0 for one repeated byte and 8 for every byte value once", () => {
  assert.equal(payloadEntropy(new Uint8Array(100).fill(65), 0, 100, histogram), 0);
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(payloadEntropy(all, 0, 256, histogram), 8);
});

Deno.test("payloadEntropy() reads only [start, end) and is 1 bit for two equal halves", () => {
  const bytes = new Uint8Array([9, 9, 0, 1, 0, 1, 9, 9]);
  assert.equal(payloadEntropy(bytes, 2, 6, histogram), 1);
  assert.equal(payloadEntropy(bytes, 3, 3, histogram), 0);
});

Deno.test("payloadEntropy() tells English text from random bytes", () => {
  const text = new TextEncoder().encode(
    "GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n"
      .repeat(8),
  );
  const random = crypto.getRandomValues(new Uint8Array(1024));
  assert.ok(payloadEntropy(text, 0, text.length, histogram) < 5.5);
  assert.ok(payloadEntropy(random, 0, random.length, histogram) > 7.5);
});
