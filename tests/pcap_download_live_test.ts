/**
 * `--keep` on a live capture of two interfaces (tests/support/two_links.ts: veth pairs into
 * namespaces of our own): GET /api/pcap holds every datagram sent on both, merged in time order,
 * and a host's BPF selects one link's sender, as tshark reads the download.
 */
import assert from "node:assert/strict";
import { liveUnavailableReason } from "./support/netns.ts";
import {
  FIRST_SOURCE,
  LINK_FRAME_BYTES,
  LINKS_FILTER,
  SECOND_SOURCE,
  TwoLinks,
} from "./support/two_links.ts";
import { startServedCli } from "./support/served_cli.ts";
import { tsharkFieldsOfBytes } from "./support/tshark_frames.ts";

const unavailable = liveUnavailableReason();
if (unavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) throw new Error(`Live capture tests cannot run in CI: ${unavailable}`);
  console.log(`skipping --keep live tests: ${unavailable}`);
}

const FIRST_DATAGRAMS = 20;
const SECOND_DATAGRAMS = 35;

/** tshark's rows for the download: epoch time, wire length, IPv4 source. */
async function tsharkRows(bytes: Uint8Array): Promise<string[][]> {
  const lines = await tsharkFieldsOfBytes(bytes, ".pcap", [
    "frame.time_epoch",
    "frame.len",
    "ip.src",
  ]);
  return lines.map((line) => line.split("\t"));
}

Deno.test({
  name: "wirescope -i A -i B --keep: /api/pcap holds both links' packets in time order",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const links = await TwoLinks.create();
    const [first, second] = links.interfaces;
    const served = await startServedCli([
      "-i",
      first,
      "-i",
      second,
      "--keep",
      "2m",
      "--port",
      "0",
      "--no-db",
      "-p",
      LINKS_FILTER,
    ]);
    try {
      await served.printed(/capturing on/);
      await links.sendOnFirst(FIRST_DATAGRAMS);
      await links.sendOnSecond(SECOND_DATAGRAMS);
      const total = FIRST_DATAGRAMS + SECOND_DATAGRAMS;
      let kept = 0;
      for (let waited = 0; kept < total && waited < 10_000; waited += 200) {
        await new Promise((r) => setTimeout(r, 200));
        kept = (await (await fetch(`${served.url}stats`)).json()).keep.packets;
      }
      assert.equal(kept, total);
      const all = await fetch(`${served.url}api/pcap`);
      assert.equal(all.status, 200);
      const rows = await tsharkRows(new Uint8Array(await all.arrayBuffer()));
      assert.equal(rows.length, total);
      assert.ok(rows.every((r) => Number(r[1]) === LINK_FRAME_BYTES));
      assert.equal(rows.filter((r) => r[2] === FIRST_SOURCE).length, FIRST_DATAGRAMS);
      assert.equal(rows.filter((r) => r[2] === SECOND_SOURCE).length, SECOND_DATAGRAMS);
      // One file, merged by capture time across the two rings.
      const times = rows.map((r) => Number(r[0]));
      assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), "in time order");

      const host = await fetch(
        `${served.url}api/pcap?filter=${encodeURIComponent(`src host ${SECOND_SOURCE}`)}`,
      );
      const hostRows = await tsharkRows(new Uint8Array(await host.arrayBuffer()));
      assert.equal(hostRows.length, SECOND_DATAGRAMS);
      assert.ok(hostRows.every((r) => r[2] === SECOND_SOURCE));
    } finally {
      await served.stop();
      await links.close();
    }
  },
});
