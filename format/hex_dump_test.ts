import assert from "node:assert/strict";
import { bytesFromHex, hexDumpRows } from "./hex_dump.ts";

Deno.test("hexDumpRows() lays bytes out 16 a row with offset, hex and safe text", () => {
  const bytes = new TextEncoder().encode("GET / HTTP/1.1\r\nHost: a\r\n");
  const rows = hexDumpRows(bytes);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], {
    offset: "0000",
    hex: "47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a",
    text: "GET / HTTP/1.1..",
  });
  assert.deepEqual(rows[1], {
    offset: "0010",
    hex: "48 6f 73 74 3a 20 61 0d 0a",
    text: "Host: a..",
  });
});

Deno.test("hexDumpRows() takes fewer bytes a row when asked", () => {
  const rows = hexDumpRows(new TextEncoder().encode("0123456789"), 8);
  assert.deepEqual(rows.map((r) => [r.offset, r.text]), [["0000", "01234567"], ["0008", "89"]]);
});

Deno.test("hexDumpRows() shows markup, escapes and high bytes as dots", () => {
  const rows = hexDumpRows(new Uint8Array([0x3c, 0x1b, 0x7f, 0x80, 0xff, 0x00, 0x41]));
  assert.equal(rows[0]!.text, "<....." + "A");
  assert.deepEqual(hexDumpRows(new Uint8Array(0)), []);
});

Deno.test("bytesFromHex() reads pairs and refuses anything else", () => {
  assert.deepEqual([...bytesFromHex("00ff41")], [0, 255, 65]);
  assert.throws(() => bytesFromHex("abc"), SyntaxError);
  assert.throws(() => bytesFromHex("zz"), SyntaxError);
});
