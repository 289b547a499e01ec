import assert from "node:assert/strict";
import { L3, L4 } from "../capture/decode/packet.ts";
import { generateCapture } from "./synthetic_capture.ts";
import { decodeLoop } from "./decode_loop.ts";

Deno.test("decodeLoop() decodes every packet into the classes the generator wrote", async () => {
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    const { kinds, bytes } = generateCapture({ packets: 5000, seed: 2, path });
    const result = decodeLoop(path);
    assert.equal(result.packets, 5000);
    assert.equal(result.bytes, bytes);
    assert.equal(result.errors, 0);
    assert.equal(result.l3[L3.arp], kinds.arp);
    assert.equal(result.l3[L3.ipv6], kinds.tcp6 + kinds.udp6 + kinds.dns6 + kinds.icmp6);
    assert.equal(result.l4[L4.tcp], kinds.tcp4 + kinds.tcp6);
    assert.equal(result.l4[L4.udp], kinds.udp4 + kinds.udp6 + kinds.dns4 + kinds.dns6);
  } finally {
    await Deno.remove(path);
  }
});
