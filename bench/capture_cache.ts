/**
 * The benchmarks' synthetic capture, generated once: bench/out/synthetic-1m.pcap and a JSON
 * sidecar holding its parameters and summary. A later run reuses the file when the sidecar's
 * parameters, the generator version and the file size all match; otherwise it regenerates.
 */
import { type CaptureSummary, generateCapture, GENERATOR_VERSION } from "./synthetic_capture.ts";

/** bench/out: generated files and results, never committed (deno.json excludes it). */
export const OUT_DIR = new URL("./out", import.meta.url).pathname;

export interface CachedCapture {
  path: string;
  summary: CaptureSummary;
  /** False when this call generated the file. */
  reused: boolean;
}

/** Generates the capture unless a file with the same parameters is already there. */
export function ensureCapture(outDir: string, packets: number, seed: number): CachedCapture {
  const label = packets % 1_000_000 === 0
    ? `${packets / 1_000_000}m`
    : packets % 1000 === 0
    ? `${packets / 1000}k`
    : String(packets);
  const base = `${outDir}/synthetic-${label}${seed === 1 ? "" : `-seed${seed}`}`;
  const path = `${base}.pcap`, sidecar = `${base}.json`;
  const params = { generator: GENERATOR_VERSION, packets, seed };
  try {
    const saved = JSON.parse(Deno.readTextFileSync(sidecar));
    const size = Deno.statSync(path).size;
    if (
      JSON.stringify(saved.params) === JSON.stringify(params) && size === saved.summary.fileBytes
    ) {
      return { path, summary: saved.summary, reused: true };
    }
  } catch {
    // no cache, or an unreadable one: generate
  }
  Deno.mkdirSync(outDir, { recursive: true });
  const summary = generateCapture({ packets, seed, path });
  Deno.writeTextFileSync(sidecar, JSON.stringify({ params, summary }, null, 2) + "\n");
  return { path, summary, reused: false };
}
