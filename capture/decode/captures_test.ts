/**
 * Whole-file check, a development aid: decode every frame of every shared capture and compare
 * the per-frame classification with tshark's ground truth in `expected/*.json` (`outer_l3`,
 * `outer_l4`, `outer_5tuples`, `distinct_src_ips` and the packet counts of `top_src_ips`), and
 * check that no frame is read past its caplen. The end-to-end oracle (`--report json`) is in
 * `tests/oracle_test.ts`; this one pins a mismatch on the decoder alone.
 */
import assert from "node:assert/strict";
import { DecodedPacket, L3, L4 } from "./packet.ts";
import { decodeFrame } from "./decoder.ts";
import { openSavefile } from "../savefile/mod.ts";
import { captureNames, capturePath, expectedFor } from "../../tests/support/captures.ts";

const L3_NAMES = ["none", "ipv4", "ipv6", "arp", "other"] as const;
const L4_NAMES = ["none", "tcp", "udp", "icmp", "icmpv6", "other"] as const;

function hexKey(bytes: Uint8Array, len: number): string {
  return Array.from(bytes.subarray(0, len), (b) => b.toString(16).padStart(2, "0")).join("");
}

for (const file of captureNames()) {
  Deno.test({
    name: `decodeFrame() classifies every frame of ${file} as tshark does`,
    fn() {
      const expected = expectedFor(file);
      const reader = openSavefile(capturePath(file));
      const l3: Record<string, number> = { ipv4: 0, ipv6: 0, arp: 0, other: 0 };
      const l4: Record<string, number> = { tcp: 0, udp: 0, icmp: 0, icmpv6: 0, other: 0 };
      const tuples = { tcp: new Set<string>(), udp: new Set<string>() };
      const sources = new Map<string, number>();
      const out = new DecodedPacket();
      while (reader.next()) {
        // A view exactly caplen long: a read past caplen would throw and fail the test.
        const { data, offset, caplen } = reader;
        const frame = new DataView(data.buffer, data.byteOffset + offset, caplen);
        decodeFrame(reader.packetLinkType, frame, 0, caplen, reader.wireLen, out);
        const l3Name = L3_NAMES[out.l3]!;
        l3[l3Name] = (l3[l3Name] ?? 0) + 1;
        if (out.l3 !== L3.ipv4 && out.l3 !== L3.ipv6) continue;
        const l4Name = L4_NAMES[out.l4]!;
        l4[l4Name] = (l4[l4Name] ?? 0) + 1;
        const src = hexKey(out.src, out.addrLen);
        sources.set(src, (sources.get(src) ?? 0) + 1);
        if ((out.l4 === L4.tcp || out.l4 === L4.udp) && out.srcPort >= 0) {
          const a = `${src}/${out.srcPort}`;
          const b = `${hexKey(out.dst, out.addrLen)}/${out.dstPort}`;
          tuples[out.l4 === L4.tcp ? "tcp" : "udp"].add(a < b ? `${a} ${b}` : `${b} ${a}`);
        }
      }
      reader.close();
      assert.deepEqual(l3, expected.outer_l3, "outer_l3");
      assert.deepEqual(l4, expected.outer_l4, "outer_l4");
      assert.deepEqual(
        { tcp: tuples.tcp.size, udp: tuples.udp.size },
        { tcp: expected.outer_5tuples.tcp, udp: expected.outer_5tuples.udp },
        "outer_5tuples",
      );
      assert.equal(sources.size, expected.distinct_src_ips, "distinct_src_ips");
      const top = [...sources.values()].sort((a, b) => b - a).slice(0, 10);
      assert.deepEqual(top, expected.top_src_ips.map((t) => t.packets), "top_src_ips packets");
    },
  });
}
