import assert from "node:assert/strict";
import { CaptureSession } from "./capture_session.ts";
import { discardEarlyWorker, startCaptureWorkerEarly, takeCaptureWorker } from "./worker_start.ts";
import { capturePath, expectedFor } from "../tests/support/captures.ts";

/** Long enough for the early worker to have loaded its modules and be idle, waiting. */
const SETTLE_MS = 300;

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
  startCaptureWorkerEarly();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const name = "icmp_echo_5_pings.pcap";
  assert.equal(await countPackets(name), expectedFor(name).packets);
  // The early worker was used up: the next session starts its own and counts the same.
  assert.equal(await countPackets(name), expectedFor(name).packets);
});

Deno.test("takeCaptureWorker() hands out the early worker once, then new ones", () => {
  startCaptureWorkerEarly();
  startCaptureWorkerEarly(); // a second call keeps the first worker
  const first = takeCaptureWorker();
  const second = takeCaptureWorker();
  assert.notEqual(first, second);
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
