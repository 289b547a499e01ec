/**
 * What the alert detectors add to the main thread's per-packet work: the records of one
 * decoding pass (`ingest_replay.ts record`) replayed into a fresh `StatsEngine`, alternately
 * with and without an `AlertMonitor` observing each packet after it is ingested, as
 * cli/analyzer.ts does. Alternating runs spread the machine's drift over both; times are the
 * process's CPU time (the machine is shared: wall time counts other processes' turns too).
 *
 *   deno run -A bench/ingest_replay.ts record bench/out/synthetic-1m.pcap bench/out/records.bin
 *   deno run -A bench/alerts_replay.ts bench/out/records.bin [RUNS]
 *
 * Prints one line of JSON per run, then the medians and their difference.
 */
import process from "node:process";
import { PacketRecord } from "../capture/packet_record.ts";
import { StatsEngine } from "../stats/engine.ts";
import { AlertMonitor } from "../alerts/alert_monitor.ts";
import { resolveAlertOptions } from "../alerts/alert_options.ts";

const HEADER_WORDS = 2;
const DRAIN_CHUNK = 4096;
const DEFAULT_RUNS = 7;

function run(words: Int32Array, alerts: boolean): number {
  const seed = words[0]!;
  const n = words[1]!;
  const engine = new StatsEngine({ clock: "packet", hashSeed: seed >>> 0 });
  const monitor = alerts
    ? new AlertMonitor({ clock: "packet", alerts: resolveAlertOptions() })
    : undefined;
  const record = new PacketRecord();
  record.seed = seed;
  // CPU time of this process: on a shared machine wall time also counts others' turns.
  const start = process.cpuUsage();
  for (let i = 0; i < n;) {
    const chunk = Math.min(n - i, DRAIN_CHUNK);
    for (let following = chunk - 1; following >= 0; following--) {
      const packet = record.read(words, HEADER_WORDS + i * PacketRecord.words);
      engine.ingest(packet, record.hinted ? record.flow : undefined, following);
      monitor?.observe(packet);
      i++;
    }
  }
  monitor?.finish("eof", null);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / n;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1]!;
}

if (import.meta.main) {
  const [path, runsText] = Deno.args;
  if (path === undefined) {
    console.error("Usage: deno run -A bench/alerts_replay.ts RECORDS [RUNS]");
    Deno.exit(2);
  }
  const bytes = Deno.readFileSync(path);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  const runs = Number(runsText ?? DEFAULT_RUNS);
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < runs; r++) {
    off.push(run(words, false));
    on.push(run(words, true));
    console.log(
      JSON.stringify({ run: r + 1, offNs: Math.round(off.at(-1)!), onNs: Math.round(on.at(-1)!) }),
    );
  }
  const a = median(off);
  const b = median(on);
  console.log(JSON.stringify({
    packets: words[1],
    medianOffNs: Math.round(a),
    medianOnNs: Math.round(b),
    alertsNsPerPacket: Math.round(b - a),
  }));
}
