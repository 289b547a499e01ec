import assert from "node:assert/strict";
import { L3 } from "../capture/decode/packet.ts";
import { compileFilter, isEmptyFilter } from "./traffic_filter.ts";

Deno.test("compileFilter() turns names and numbers into L3 classes and protocol numbers", () => {
  assert.equal(compileFilter({ protocol: "IPv6" }).l3, L3.ipv6);
  assert.equal(compileFilter({ protocol: "ip" }).l3, L3.ipv4);
  assert.equal(compileFilter({ protocol: "arp" }).l3, L3.arp);
  assert.equal(compileFilter({ protocol: "gre" }).ipProto, 47);
  assert.equal(compileFilter({ protocol: "ICMPv6" }).ipProto, 58);
  assert.equal(compileFilter({ protocol: "132" }).ipProto, 132);
  assert.equal(compileFilter({ ip: "::ffff:10.0.0.1" }).addrLen, 16);
  assert.ok(isEmptyFilter(compileFilter({})));
  assert.ok(isEmptyFilter(compileFilter({ ip: "", protocol: "" })));
});

Deno.test("compileFilter() rejects what can never match with a RangeError", () => {
  assert.throws(() => compileFilter({ protocol: "256" }), RangeError);
  assert.throws(() => compileFilter({ protocol: "carrier-pigeon" }), RangeError);
  assert.throws(() => compileFilter({ port: -1 }), RangeError);
  assert.throws(() => compileFilter({ port: 1.5 }), RangeError);
  assert.throws(() => compileFilter({ ip: "10.0.0.256" }), /Cannot filter by ip "10.0.0.256"/);
});
