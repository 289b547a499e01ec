import assert from "node:assert/strict";
import {
  BAD_NAME,
  dnsNameText,
  MAX_NAME_WALK_BYTES,
  skipDnsName,
  TOO_LONG_NAME,
} from "./dns_name.ts";

/** `labels` in wire form, ending with the root label. */
function wire(...labels: string[]): number[] {
  const out: number[] = [];
  for (const l of labels) out.push(l.length, ...[...l].map((c) => c.charCodeAt(0)));
  out.push(0);
  return out;
}
const view = (bytes: number[]) => new DataView(Uint8Array.from(bytes).buffer);

Deno.test("dnsNameText() joins labels with dots and skipDnsName() returns the end", () => {
  const v = view(wire("www", "example", "com"));
  assert.equal(dnsNameText(v, 0, v.byteLength, 0), "www.example.com");
  assert.equal(skipDnsName(v, 0, v.byteLength, 0), 17);
});

Deno.test("dnsNameText() reports the root name as <Root>, as tshark does", () => {
  assert.equal(dnsNameText(view([0]), 0, 1, 0), "<Root>");
});

Deno.test("dnsNameText() follows a backward compression pointer (RFC 1035 4.1.4)", () => {
  // "example.com" at 0, then "www" + pointer to 0 at 13.
  const bytes = [...wire("example", "com"), 3, 0x77, 0x77, 0x77, 0xc0, 0x00];
  const v = view(bytes);
  assert.equal(dnsNameText(v, 0, v.byteLength, 13), "www.example.com");
  assert.equal(skipDnsName(v, 0, v.byteLength, 13), 19, "ends after the pointer");
});

Deno.test("skipDnsName() rejects a pointer to itself or forward (a compression loop)", () => {
  assert.equal(skipDnsName(view([0xc0, 0x00]), 0, 2, 0), BAD_NAME);
  assert.equal(skipDnsName(view([0xc0, 0x02, 0]), 0, 3, 0), BAD_NAME);
  // Two labels pointing at each other: 0 -> 2 is forward, rejected before any loop.
  assert.equal(skipDnsName(view([1, 0x61, 0xc0, 0x00]), 0, 4, 0), BAD_NAME);
});

Deno.test("skipDnsName() rejects a name cut short by the end of the data", () => {
  const bytes = wire("www", "example");
  assert.equal(skipDnsName(view(bytes), 0, bytes.length - 1, 0), BAD_NAME);
  assert.equal(skipDnsName(view([3, 0x61]), 0, 2, 0), BAD_NAME);
  assert.equal(skipDnsName(view([0xc0]), 0, 1, 0), BAD_NAME);
});

Deno.test("a name past 255 wire bytes is read to its end and shown as <Name too long>", () => {
  const long = wire(...Array.from({ length: 5 }, () => "a".repeat(60)));
  assert.equal(skipDnsName(view(long), 0, long.length, 0), long.length);
  assert.equal(dnsNameText(view(long), 0, long.length, 0), TOO_LONG_NAME);
  // 255 bytes exactly (253 characters) is still a name.
  const longest = wire("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
  assert.equal(longest.length, 255);
  assert.equal(dnsNameText(view(longest), 0, longest.length, 0)?.length, 253);
  // Compression that makes a name too long: 61 bytes before a pointer to 195 bytes of labels.
  const suffix = wire("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(2));
  const split = view([...suffix, 60, ...new Array(60).fill(0x65), 0xc0, 0x00]);
  assert.equal(dnsNameText(split, 0, split.byteLength, suffix.length), TOO_LONG_NAME);
});

Deno.test("skipDnsName() rejects extended label types and a walk past a message's length", () => {
  assert.equal(skipDnsName(view([0x41, 0x61, 0]), 0, 3, 0), BAD_NAME);
  const huge = [...Array.from({ length: 1700 }, () => [39, ...new Array(39).fill(0x61)]).flat(), 0];
  assert.ok(huge.length > MAX_NAME_WALK_BYTES);
  assert.equal(skipDnsName(view(huge), 0, huge.length, 0), BAD_NAME);
});

Deno.test("skipDnsName() stops a chain of more than 16 pointers", () => {
  // Name at 0 is the root; then 20 pointers, each pointing at the previous one.
  const bytes = [0];
  for (let i = 0; i < 20; i++) bytes.push(0xc0, i === 0 ? 0 : 1 + 2 * (i - 1));
  const v = view(bytes);
  assert.equal(skipDnsName(v, 0, v.byteLength, 1 + 2 * 15), 1 + 2 * 16, "16 jumps pass");
  assert.equal(skipDnsName(v, 0, v.byteLength, 1 + 2 * 19), BAD_NAME, "20 jumps do not");
});

Deno.test("dnsNameText() escapes non-printable label bytes", () => {
  assert.equal(dnsNameText(view([2, 0x61, 0x07, 0]), 0, 4, 0), "a\\x07");
});

Deno.test("dnsNameText() escapes a backslash and a dot inside a label: the text is lossless", () => {
  // Labels "a.b" and "c\d" become a\x2eb.c\x5cd, never "a.b.c\d" (three labels, one escape).
  const v = view([3, 0x61, 0x2e, 0x62, 3, 0x63, 0x5c, 0x64, 0]);
  assert.equal(dnsNameText(v, 0, v.byteLength, 0), "a\\x2eb.c\\x5cd");
  // A space is printable and stays; bytes past 0x7e are escaped.
  const w = view([3, 0x61, 0x20, 0x62, 2, 0xc3, 0xa4, 0]);
  assert.equal(dnsNameText(w, 0, w.byteLength, 0), "a b.\\xc3\\xa4");
});

Deno.test("dnsNameText() escapes a backslash and a dot inside a label, so the text is lossless", () => {
  // Labels "a.b" and "c\\d": as text a\x2eb.c\x5cd, never "a.b.c\\d" (three labels).
  const v = view([3, 0x61, 0x2e, 0x62, 3, 0x63, 0x5c, 0x64, 0]);
  assert.equal(dnsNameText(v, 0, v.byteLength, 0), "a\\x2eb.c\\x5cd");
  // A space is printable and stays; bytes past 0x7e are escaped.
  const w = view([3, 0x61, 0x20, 0x62, 2, 0xc3, 0xa4, 0]);
  assert.equal(dnsNameText(w, 0, w.byteLength, 0), "a b.\\xc3\\xa4");
});

Deno.test("dnsNameText() hands out one string for a name in place and one a pointer splits", () => {
  // "www.example.com" whole at 0; at 17, "www" then a pointer to "example.com" at 4.
  const bytes = [...wire("www", "example", "com"), 3, 0x77, 0x77, 0x77, 0xc0, 0x04];
  const v = view(bytes);
  const whole = dnsNameText(v, 0, v.byteLength, 0);
  const split = dnsNameText(v, 0, v.byteLength, 17);
  assert.equal(split, "www.example.com");
  assert.equal(split, whole);
  // A pointer before any label leaves the name in one run: read in place, same text.
  const pointed = view([...bytes, 0xc0, 0x00]);
  assert.equal(dnsNameText(pointed, 0, pointed.byteLength, bytes.length), "www.example.com");
});
