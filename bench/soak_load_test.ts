import assert from "node:assert/strict";
import { SoakLoad } from "./soak_load.ts";

/** The server's delay before each `/stats` answer: a request is in flight 2/3 of the time. */
const ANSWER_DELAY_MS = 200;
/** How long the test's own thread is kept busy, each time, and how many times. */
const BLOCK_MS = 400;
const BLOCKS = 6;

/** A `/stats` server on a thread of its own, so blocking the test's thread does not stall it. */
function serverWorker(): { worker: Worker; base: Promise<string> } {
  const code = `
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
      await new Promise((resolve) => setTimeout(resolve, ${ANSWER_DELAY_MS}));
      return Response.json({ packets: 7, drops: { kernel: 1, ifdrop: 2, backlog: 3 } });
    });
    self.postMessage("http://127.0.0.1:" + server.addr.port + "/");
  `;
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  const base = new Promise<string>((resolve) => {
    worker.onmessage = (event: MessageEvent<string>) => resolve(event.data);
  });
  return { worker, base };
}

Deno.test({
  name: "SoakLoad times /stats on its own thread: a busy soak loop is not counted as latency",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = serverWorker();
    const load = await SoakLoad.open({ base: await server.base, readers: 0, nonReaders: 0 });
    try {
      // The first answer comes from a cold worker and a new connection: not what is measured.
      const deadline = performance.now() + 20_000;
      while (load.takeWindow().latenciesMs.length === 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (let i = 0; i < BLOCKS; i++) {
        // The soak's readers and Chromium's driver hold this thread like this; a poller timed
        // here would add the rest of the block to any request in flight.
        const until = performance.now() + BLOCK_MS;
        while (performance.now() < until) { /* busy */ }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 2 * ANSWER_DELAY_MS));
    } finally {
      await load.close();
      server.worker.terminate();
    }
    const window = load.takeWindow();
    assert.ok(window.latenciesMs.length >= BLOCKS, `${window.latenciesMs.length} answers`);
    assert.equal(window.failures, 0);
    assert.deepEqual(window.counters, { captured: 7, kernel: 1, interface: 2, backlog: 3 });
    const slowest = Math.max(...window.latenciesMs);
    assert.ok(slowest >= ANSWER_DELAY_MS - 5, `answers took ${slowest} ms, under the delay`);
    assert.ok(slowest < BLOCK_MS - 20, `a request was timed at ${slowest.toFixed(0)} ms`);
    // The idle thread beside the poller woke on time while this one was held, ~200 times a second.
    assert.ok(window.wakeLatenessMs.length > 100, `${window.wakeLatenessMs.length} wake-ups`);
    const latest = Math.max(...window.wakeLatenessMs);
    assert.ok(latest < BLOCK_MS - 20, `an idle thread was timed ${latest.toFixed(0)} ms late`);
  },
});
