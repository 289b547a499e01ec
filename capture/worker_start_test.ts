import assert from "node:assert/strict";
import { CaptureSession } from "./capture_session.ts";
import {
  discardEarlyWorker,
  earlyWorkerAdoptions,
  startCaptureWorkerEarly,
  takeCaptureWorker,
} from "./worker_start.ts";
import { capturePath, expectedFor } from "../tests/support/captures.ts";

async function countPackets(name: string): Promise<number> {
  let packets = 0;
  const session = await CaptureSession.start({
    source: { kind: "file", path: capturePath(name) },
    onPacket() {
      packets++;
    },
  });
  assert.equal((await session.done).reason, "eof");
  return packets;
}

Deno.test("a session adopts a worker started early and reads the whole file with it", async () => {
  // Adopted at once, while the worker may still be loading its modules: what main.ts does.
  startCaptureWorkerEarly();
  const before = earlyWorkerAdoptions();
  const name = "icmp_echo_5_pings.pcap";
  assert.equal(await countPackets(name), expectedFor(name).packets);
  assert.equal(earlyWorkerAdoptions(), before + 1, "the session ran on the early worker");
  // The early worker was used up: the next session starts its own and counts the same.
  assert.equal(await countPackets(name), expectedFor(name).packets);
  assert.equal(earlyWorkerAdoptions(), before + 1, "the second session made its own worker");
});

Deno.test("takeCaptureWorker() hands out the early worker once, then new ones", () => {
  startCaptureWorkerEarly();
  startCaptureWorkerEarly(); // a second call keeps the first worker
  const before = earlyWorkerAdoptions();
  const first = takeCaptureWorker();
  const second = takeCaptureWorker();
  assert.notEqual(first, second);
  assert.equal(earlyWorkerAdoptions(), before + 1, "only the first was the early worker");
  first.terminate();
  second.terminate();
});

Deno.test("discardEarlyWorker() ends an early worker no session adopted, and only that", () => {
  startCaptureWorkerEarly();
  assert.equal(discardEarlyWorker(), true, "the unadopted worker is ended");
  assert.equal(discardEarlyWorker(), false, "nothing is left to end");
  startCaptureWorkerEarly();
  const adopted = takeCaptureWorker();
  assert.equal(discardEarlyWorker(), false, "an adopted worker is the session's");
  adopted.terminate();
});
