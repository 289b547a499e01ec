/**
 * Every link type the decoder reads besides Ethernet, SLL and raw IP, checked against tshark
 * on built frames (`capture/decode/testdata/link_type_frames.ts`): for each frame, the bytes
 * tshark counts (`frame.len`), the outer network and transport classes, addresses, ports and
 * the DNS names found must be the same. tshark runs in the test on a pcap of each link type.
 */
import assert from "node:assert/strict";
import { LINK_TYPE_GROUPS } from "../capture/decode/testdata/link_type_frames.ts";
import { tsharkView } from "../capture/decode/testdata/tshark_view.ts";
import { comparable, wirescopeView } from "./support/wirescope_view.ts";
import { dltName } from "../capture/decode/link_types.ts";

for (const group of LINK_TYPE_GROUPS) {
  const linkType = group[0]!.linkType;
  Deno.test(`link type ${dltName(linkType)} (${linkType}) is read as tshark reads it`, async () => {
    const theirs = await tsharkView(group);
    const ours = wirescopeView(group);
    assert.equal(theirs.length, group.length, "tshark read every frame");
    group.forEach((c, i) => {
      const t = theirs[i]!;
      assert.equal(t.l3, c.l3, `${c.name}: the frame was built as meant (tshark: ${t.protocols})`);
      assert.deepEqual(comparable(ours[i]!), comparable(t), `${c.name} (tshark: ${t.protocols})`);
    });
  });
}

Deno.test("the README's table of link types names every link type checked here", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const row = readme.split("\n").find((line) => line.startsWith("| Link types (DLT)"));
  assert.ok(row, "README has the link types row");
  const listed = new Set([...row.matchAll(/\d+/g)].map((m) => Number(m[0])));
  for (const group of LINK_TYPE_GROUPS) {
    const linkType = group[0]!.linkType;
    assert.ok(listed.has(linkType), `README lists ${dltName(linkType)} (${linkType})`);
  }
});
