import assert from "node:assert/strict";
import { DecodedPacket } from "../decode/packet.ts";
import { flowRefOf } from "./flow_ref.ts";

Deno.test("flowRefOf() renders addresses, ports and protocol of the packet", () => {
  const p = new DecodedPacket();
  p.addrLen = 4;
  p.src.set([192, 0, 2, 1]);
  p.dst.set([198, 51, 100, 7]);
  p.srcPort = 40000;
  p.dstPort = 53;
  p.ipProto = 17;
  assert.deepEqual(flowRefOf(p, true), {
    src: "192.0.2.1",
    dst: "198.51.100.7",
    sport: 40000,
    dport: 53,
    proto: 17,
    tunneled: true,
  });
});
