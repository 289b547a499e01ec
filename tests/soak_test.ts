/**
 * The soak's CI slice: two minutes of `deno task soak` (bench/soak_run.ts) with the same load,
 * a corpus capture replayed at tcpreplay's top speed over a veth pair, the dashboard open in
 * Chromium, 90 reading and 10 never-reading event streams, `/stats` polled. No timing is
 * asserted (this machine is shared): only that wirescope stayed up and answering, kept counting,
 * held its descriptors flat and kept its clients, and that the page logged no error.
 */
import assert from "node:assert/strict";
import { liveUnavailableReason } from "./support/netns.ts";
import { browserUnavailableReason } from "./support/browser.ts";
import { missingTcpreplay } from "../bench/live_bench.ts";
import { runSoak } from "../bench/soak_run.ts";
import { SOAK_CAPTURE } from "../bench/soak.ts";
import { afterWarmup, descriptorsFlat, soakTable } from "../bench/soak_targets.ts";

const unavailable = liveUnavailableReason() ?? browserUnavailableReason() ?? missingTcpreplay();
if (unavailable && Deno.env.get("CI")) {
  throw new Error(`The soak test cannot run in CI: ${unavailable}`);
}

/**
 * 105 s of replay in samples of 15 s, the first 30 s warm-up: with start-up (wirescope,
 * Chromium, 100 streams) and shutdown, two minutes of wall time.
 */
const SOAK_SECONDS = 105;
const SAMPLE_SECONDS = 15;
const WARMUP_SECONDS = 30;
const READERS = 90;
const NON_READERS = 10;

Deno.test({
  name: "soak, 2 minutes: wirescope stays up, counts, answers /stats and holds descriptors flat",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const result = await runSoak({
      seconds: SOAK_SECONDS,
      sampleSeconds: SAMPLE_SECONDS,
      capture: SOAK_CAPTURE,
      readers: READERS,
      nonReaders: NON_READERS,
      realtime: true,
    });
    const { samples } = result;
    const table = soakTable(samples);
    console.log(table);
    assert.ok(result.alive, `wirescope exited during the soak:\n${result.stderrTail}`);
    assert.equal(result.servingScheduling, "SCHED_RR 1", "the soak runs wirescope with --realtime");
    assert.equal(samples.length, SOAK_SECONDS / SAMPLE_SECONDS, table);
    assert.equal(result.exitCode, 0, `exit status after SIGINT:\n${result.stderrTail}`);
    assert.ok(result.replay && result.replay.sent > 0, "tcpreplay sent nothing");
    // Counting never stalls: more packets in every interval, and the last /stats has them all
    // but those dropped, by the capture or before it in the kernel's input backlog (counted
    // apart; how many depends on the machine's load, so no drop target here).
    for (let i = 1; i < samples.length; i++) {
      assert.ok(samples[i]!.packets > samples[i - 1]!.packets, `interval ${i} counted nothing`);
    }
    const last = samples.at(-1)!;
    const dropped = last.kernelDrops + last.interfaceDrops + last.backlogDrops +
      result.stackDrops;
    assert.ok(result.finalPackets !== undefined, "/stats did not answer after the replay");
    assert.ok(
      result.finalPackets + dropped >= result.replay.sent,
      `sent ${result.replay.sent}, counted ${result.finalPackets}, dropped ${dropped}`,
    );
    for (const s of samples) {
      assert.ok(s.statsRequests > 0, `no /stats answer in the interval ending at ${s.atSeconds}`);
      // The readers and the page stay connected; the never-readers may have been closed.
      assert.ok(s.sseClients >= READERS + 1, `${s.sseClients} event streams at ${s.atSeconds} s`);
    }
    assert.ok(
      descriptorsFlat(samples, WARMUP_SECONDS),
      `descriptors grew: ${afterWarmup(samples, WARMUP_SECONDS).map((s) => s.fds).join(", ")}`,
    );
    assert.deepEqual(result.pageErrors, []);
  },
});
