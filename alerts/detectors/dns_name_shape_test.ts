import assert from "node:assert/strict";
import { entropyBits, looksLikeData, registeredDomain } from "./dns_name_shape.ts";

const SHAPE = { longLabel: 24, minEntropy: 3.3, longName: 100 };

Deno.test("registeredDomain() groups names by the domain they are registered under", () => {
  assert.equal(registeredDomain("a.b.example.com"), "example.com");
  assert.equal(registeredDomain("www.bbc.co.uk."), "bbc.co.uk");
  assert.equal(registeredDomain("x1y2.pirate.sea"), "pirate.sea");
  assert.equal(registeredDomain("example.com"), "example.com");
  // dnscat2 without a domain: data labels after a fixed prefix.
  assert.equal(registeredDomain("dnscat.0a1b2c3d4e.5f6a7b"), "dnscat");
  assert.equal(registeredDomain("1.2.0.192.in-addr.arpa"), null);
  assert.equal(registeredDomain("_googlecast._tcp.local"), null);
});

Deno.test("looksLikeData() tells encoded labels from ordinary host names", () => {
  assert.ok(looksLikeData("laegpumiplhhpz12ynd1efljwlkjcgwy.pirate.sea", "pirate.sea", SHAPE));
  assert.ok(
    looksLikeData("a".repeat(60) + "." + "b".repeat(45) + ".example.com", "example.com", SHAPE),
  );
  assert.ok(!looksLikeData("www.example.com", "example.com", SHAPE));
  assert.ok(!looksLikeData("r4---sn-ab5l6nzr.googlevideo.com", "googlevideo.com", SHAPE));
  // Long but repetitive: not random enough to be data.
  assert.ok(!looksLikeData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com", "example.com", SHAPE));
});

Deno.test("entropyBits() is 0 for one symbol and log2(n) for n equally frequent ones", () => {
  assert.equal(entropyBits("aaaa"), 0);
  assert.equal(entropyBits("abcd"), 2);
  assert.equal(entropyBits(""), 0);
});
