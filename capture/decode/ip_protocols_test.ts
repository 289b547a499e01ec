import assert from "node:assert/strict";
import { L4 } from "./packet.ts";
import { ipProtoName, l4For } from "./ip_protocols.ts";

Deno.test("l4For() maps 6, 17, 1 and 58 to their classes and every other number to other", () => {
  assert.equal(l4For(6), L4.tcp);
  assert.equal(l4For(17), L4.udp);
  assert.equal(l4For(1), L4.icmp);
  assert.equal(l4For(58), L4.icmpv6);
  for (let proto = 0; proto < 256; proto++) {
    if (![1, 6, 17, 58].includes(proto)) assert.equal(l4For(proto), L4.other, `${proto}`);
  }
});

Deno.test("ipProtoName() names the common protocols and leaves unassigned numbers unnamed", () => {
  const expected: Record<number, string> = {
    1: "icmp",
    2: "igmp",
    4: "ipip",
    6: "tcp",
    17: "udp",
    41: "ipv6",
    47: "gre",
    50: "esp",
    51: "ah",
    58: "icmpv6",
    89: "ospf",
    103: "pim",
    112: "vrrp",
    115: "l2tp",
    132: "sctp",
  };
  for (const [proto, name] of Object.entries(expected)) assert.equal(ipProtoName(+proto), name);
  assert.equal(ipProtoName(253), undefined, "reserved for experiments");
  assert.equal(ipProtoName(-1), undefined);
});
