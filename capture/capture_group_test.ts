/**
 * A group of captures hands every member's packets to the consumer its options give, ends once
 * every member has, and refuses to start (stopping the members that did) when one cannot open.
 */
import assert from "node:assert/strict";
import { CaptureGroup } from "./capture_group.ts";
import { CaptureError } from "./capture_session.ts";
import { capturePath, expectedFor } from "../tests/support/captures.ts";

const FILES = ["nmap_syn_scan.pcap", "dns_qinq_pppoe_merged.pcap"];

Deno.test("CaptureGroup counts each member apart and ends when every member has", async () => {
  const counts = FILES.map(() => 0);
  const group = await CaptureGroup.start(
    FILES.map((name) => ({ kind: "file", path: capturePath(name) })),
    (source, index) => ({ source, onPacket: () => counts[index]!++ }),
  );
  assert.deepEqual(group.members.map((m) => m.name), FILES.map(capturePath));
  assert.equal(group.info, group.members[0]!.session.info);
  const end = await group.done;
  assert.equal(end.reason, "eof");
  const expected = FILES.map((name) => expectedFor(name).packets);
  assert.deepEqual(counts, expected);
  assert.equal(end.packetsRead, expected[0]! + expected[1]!);
  assert.deepEqual(group.drops(), { kernel: 0, ifdrop: 0, backlog: 0, received: 0 });
});

Deno.test("CaptureGroup says count when it was stopped for -c across members", async () => {
  const group = await CaptureGroup.start(
    FILES.map((name) => ({ kind: "file", path: capturePath(name) })),
    (source) => ({ source, onPacket: () => {} }),
  );
  const end = await group.stopForCount();
  assert.equal(end.reason, "count");
});

Deno.test("CaptureGroup refuses to start when one member cannot open, and stops the rest", async () => {
  const missing = `${Deno.makeTempDirSync()}/no_such_capture.pcap`;
  let delivered = 0;
  await assert.rejects(
    CaptureGroup.start(
      [{ kind: "file", path: capturePath(FILES[0]!) }, { kind: "file", path: missing }],
      (source) => ({ source, onPacket: () => delivered++ }),
    ),
    (error) => error instanceof CaptureError && error.message.includes("no_such_capture"),
  );
  // The member that opened was stopped: it hands over nothing more after a moment.
  const after = delivered;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(delivered, after);
});
