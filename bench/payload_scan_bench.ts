/**
 * Micro-benchmarks of the opt-in payload scan in the capture worker: `decodeFrame()` alone, then
 * with `PayloadScanner.scan()` running the entropy check, then the entropy check and three RE2
 * rules, per frame of the synthetic TCP/IPv4 mix (payloads up to a full segment). Off, the
 * worker pays one field test per packet (no scanner is made); these rows are the cost when on.
 *
 *   deno bench -A bench/payload_scan_bench.ts
 */
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { PayloadScanner } from "../capture/payload/payload_scanner.ts";
import type { PayloadSpec } from "../capture/payload/payload_spec.ts";
import { framePool } from "./frame_pool.ts";

const DLT_EN10MB = 1;
/** Hits are taken as the worker takes them, once per ring batch. */
const TAKE_EVERY = 256;
const ENTROPY = { minBytes: 256, minBitsPerByte: 7 };
const RULES = [
  { name: "etc-passwd", pattern: "/etc/passwd" },
  { name: "sql-union", pattern: "(?i)union\\s+select" },
  { name: "basic-auth", pattern: "(?i)authorization:\\s*basic\\s" },
];

const pool = framePool({
  seed: 5,
  mix: { tcp4: 1, udp4: 0, dns4: 0, icmp4: 0, tcp6: 0, udp6: 0, dns6: 0, icmp6: 0, arp: 0 },
  vlanShare: 0,
});

const CASES: { name: string; spec: PayloadSpec | undefined }[] = [
  { name: "decode only (payload detectors off)", spec: undefined },
  { name: "decode + entropy check", spec: { rules: [], entropy: ENTROPY } },
  { name: "decode + entropy check + 3 RE2 rules", spec: { rules: RULES, entropy: ENTROPY } },
];

for (const { name, spec } of CASES) {
  const packet = new DecodedPacket();
  const scanner = spec ? new PayloadScanner(spec) : undefined;
  let i = 0;
  let n = 0;
  Deno.bench({
    name,
    group: "payload",
    baseline: spec === undefined,
    fn() {
      const at = pool.offsets[i]!;
      const length = pool.lengths[i]!;
      decodeFrame(DLT_EN10MB, pool.data, at, length, length, packet);
      if (scanner !== undefined) {
        scanner.scan(packet, pool.data);
        if (++n % TAKE_EVERY === 0 && scanner.hits.size > 0) scanner.hits.take();
      }
      i = (i + 1) % pool.count;
    },
  });
}
