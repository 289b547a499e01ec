/**
 * `/stats` latency while wirescope reads a capture at full speed with SSE clients connected
 * (target: p99 under 20 ms with 50 clients). Starts `main.ts -r FILE --port 0`, opens the SSE
 * streams, polls `/stats` back to back until the file has been read, and prints percentiles.
 *
 * Usage: deno run -A bench/api_latency.ts [FILE] [--clients 50]
 */
import { parseArgs } from "node:util";
import { ensureCapture } from "./capture_cache.ts";
import { START_FLAGS } from "../tests/support/run_cli.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { clients: { type: "string", default: "50" } },
});
const clients = Number(values.clients);
const file = positionals[0] ??
  ensureCapture(new URL("./out/", import.meta.url).pathname, 1_000_000, 1).path;
const main = new URL("../main.ts", import.meta.url).pathname;

const child = new Deno.Command(Deno.execPath(), {
  args: ["run", ...START_FLAGS, main, "-r", file, "--port", "0"],
  stdout: "null",
  stderr: "piped",
}).spawn();
const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
let buffered = "";
let url = "";
while (!url) {
  const { value, done } = await reader.read();
  if (done) throw new Error(`wirescope exited early: ${buffered}`);
  buffered += value;
  url = /dashboard at (http:\S+)/.exec(buffered)?.[1] ?? "";
}
let finished = false;
(async () => {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    if (/read [\d,]+ packets/.test(buffered)) finished = true;
  }
})();

const streams = await Promise.all(
  Array.from({ length: clients }, async () => {
    const response = await fetch(`${url}events`);
    const body = response.body!.getReader();
    (async () => {
      while (!(await body.read()).done) { /* keep reading, as a browser would */ }
    })().catch(() => {});
    return body;
  }),
);

const samples: number[] = [];
while (!finished) {
  const t0 = performance.now();
  const response = await fetch(`${url}stats?pretty=0`);
  await response.arrayBuffer();
  samples.push(performance.now() - t0);
}
for (const body of streams) await body.cancel().catch(() => {});
child.kill("SIGINT");
await child.status;

if (Deno.env.get("API_TRACE")) console.log(samples.map((s) => s.toFixed(0)).join(" "));
// The first request builds the first document (cold GeoIP lookups, first snapshot frames for
// every SSE client): reported apart, as start-up, not as the steady state.
const first = samples.shift() ?? NaN;
samples.sort((a, b) => a - b);
// With no sample past the first (the read ended during it), every percentile is the first.
if (samples.length === 0) samples.push(first);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
console.log(
  `/stats while reading ${file} with ${clients} SSE clients: ${samples.length} requests, ` +
    `p50 ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, ` +
    `max ${samples.at(-1)!.toFixed(1)} ms; first request ${first.toFixed(1)} ms`,
);
