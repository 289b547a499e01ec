import assert from "node:assert/strict";
import { HttpError } from "./http_error.ts";
import { expectNoParameters, QueryParams, readTrafficFilter } from "./query.ts";

const q = (
  search: string,
  allowed: readonly string[] = ["limit", "sort", "ip", "port", "protocol", "on"],
) => new QueryParams(new URLSearchParams(search), allowed);

/** Assert `fn` throws a 400 naming `parameter` whose message matches `message`. */
function rejects(fn: () => unknown, parameter: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof HttpError, String(e));
    assert.equal(e.status, 400);
    assert.equal(e.parameter, parameter);
    assert.match(e.message, message);
    return true;
  });
}

Deno.test("QueryParams refuses an unknown parameter, naming it and listing the known ones", () => {
  rejects(
    () => q("limt=5"),
    "limt",
    /^Cannot use query parameter "limt": unknown here \(known: .*limit/,
  );
  rejects(
    () => expectNoParameters(new URLSearchParams("x=1")),
    "x",
    /unknown here \(known: pretty\)/,
  );
});

Deno.test("QueryParams refuses a parameter given twice", () => {
  rejects(() => q("limit=1&limit=2"), "limit", /twice/);
});

Deno.test("QueryParams accepts pretty everywhere but only as a flag", () => {
  expectNoParameters(new URLSearchParams("pretty"));
  expectNoParameters(new URLSearchParams("pretty=0"));
  rejects(
    () => expectNoParameters(new URLSearchParams("pretty=yes")),
    "pretty",
    /expected nothing, 1, true/,
  );
});

Deno.test("integer() reads decimal digits within the range and treats an empty value as absent", () => {
  assert.equal(q("limit=0").integer("limit", 0, 10), 0);
  assert.equal(q("limit=10").integer("limit", 0, 10), 10);
  assert.equal(q("").integer("limit", 0, 10), undefined);
  assert.equal(q("limit=").integer("limit", 0, 10), undefined);
});

Deno.test("integer() refuses signs, fractions, exponents, spaces, words and out-of-range values", () => {
  for (const bad of ["-1", "+1", "1.5", "1e3", " 5", "0x10", "ten", "11", "99999999999999999999"]) {
    rejects(
      () => q(`limit=${encodeURIComponent(bad)}`).integer("limit", 0, 10),
      "limit",
      /^Cannot read limit ".*": expected an integer from 0 to 10$/,
    );
  }
});

Deno.test("oneOf() matches exactly and lists the choices when it refuses", () => {
  assert.equal(q("sort=bytes").oneOf("sort", ["bytes", "rate"]), "bytes");
  rejects(
    () => q("sort=Bytes").oneOf("sort", ["bytes", "rate"]),
    "sort",
    /expected one of bytes, rate$/,
  );
});

Deno.test("ip() accepts IPv4 and every IPv6 text form, and refuses anything else", () => {
  for (const ok of ["10.0.0.1", "2001:db8::1", "::", "::ffff:10.0.0.1", "FE80::1"]) {
    assert.equal(q(`ip=${encodeURIComponent(ok)}`).ip("ip"), ok);
  }
  for (const bad of ["10.0.0.256", "10.0.0", "1::2::3", "example.com", "10.0.0.1/24"]) {
    rejects(
      () => q(`ip=${encodeURIComponent(bad)}`).ip("ip"),
      "ip",
      /not an IPv4 or IPv6 address$/,
    );
  }
});

Deno.test("port() accepts 0-65535 only", () => {
  assert.equal(q("port=65535").port("port"), 65535);
  rejects(() => q("port=65536").port("port"), "port", /from 0 to 65535/);
  rejects(() => q("port=http").port("port"), "port", /from 0 to 65535/);
});

Deno.test("protocol() accepts the engine's names and numbers, any case, and refuses the rest", () => {
  for (const ok of ["tcp", "UDP", "icmpv6", "ipv4", "ip", "ipv6", "arp", "gre", "47", "0", "255"]) {
    assert.equal(q(`protocol=${ok}`).protocol("protocol"), ok);
  }
  for (const bad of ["tpc", "256", "-1", "http"]) {
    rejects(
      () => q(`protocol=${bad}`).protocol("protocol"),
      "protocol",
      /expected ipv4, ipv6, arp/,
    );
  }
});

Deno.test("flag() reads nothing/1/true as true and 0/false as false", () => {
  assert.equal(q("on").flag("on"), true);
  assert.equal(q("on=TRUE").flag("on"), true);
  assert.equal(q("on=0").flag("on"), false);
  assert.equal(q("").flag("on"), undefined);
  rejects(() => q("on=maybe").flag("on"), "on", /expected nothing, 1, true, 0 or false/);
});

Deno.test("readTrafficFilter() returns only the filters given", () => {
  assert.deepEqual(readTrafficFilter(q("")), {});
  assert.deepEqual(readTrafficFilter(q("ip=10.0.0.1&port=53&protocol=udp")), {
    ip: "10.0.0.1",
    port: 53,
    protocol: "udp",
  });
});
