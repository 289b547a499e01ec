import assert from "node:assert/strict";
import { resolveAlertOptions } from "../alert_options.ts";
import type { Finding } from "../finding.ts";
import { F, SourceWindow, STRIDE } from "../source_window.ts";
import { AnomalyDetector } from "./anomaly_detector.ts";
import { HostRows } from "./host_rows.ts";
import { SeededRandom } from "./seeded_random.ts";

const OPTIONS = resolveAlertOptions({
  anomaly: { warmupWindows: 5, retrainEveryWindows: 4 },
}).anomaly;
const HOSTS = 60;
const SECONDS = 10;

/** One window of ordinary hosts (web clients), plus a scanner when `scanner` is set. */
function fillWindow(w: SourceWindow, random: SeededRandom, scanner: boolean): void {
  w.clear();
  for (let h = 0; h < HOSTS + (scanner ? 1 : 0); h++) {
    const address = new Uint8Array([10, 0, h >> 8, h & 255]);
    const s = w.source(0x0a000000 + h, address, 4);
    const odd = scanner && h === HOSTS;
    const packets = odd ? 2000 : 80 + random.below(40);
    w.counts[s * STRIDE + F.packets] = packets;
    w.counts[s * STRIDE + F.bytes] = packets * (odd ? 60 : 600 + random.below(300));
    w.counts[s * STRIDE + F.tcp] = odd ? packets : packets * 0.9;
    w.counts[s * STRIDE + F.syns] = odd ? packets : 2 + random.below(3);
    w.counts[s * STRIDE + F.unsolicited] = w.counts[s * STRIDE + F.syns]! + 3;
    w.counts[s * STRIDE + F.newTargets] = odd ? 1000 : 2 + random.below(3);
    w.counts[s * STRIDE + F.dnsQueries] = odd ? 0 : 2 + random.below(3);
    w.counts[s * STRIDE + F.icmp] = 0;
    w.totalPackets += packets;
  }
}

Deno.test("AnomalyDetector learns after its warm-up, then flags a scanner and says why", () => {
  const d = new AnomalyDetector(OPTIONS);
  const w = new SourceWindow();
  const random = new SeededRandom(3);
  const found: Finding[] = [];
  for (let i = 0; i < OPTIONS.warmupWindows; i++) {
    assert.equal(d.model(), null, `a model before window ${i + 1}`);
    fillWindow(w, random, false);
    d.window(
      new HostRows().build(w, SECONDS, OPTIONS.maxHosts, undefined),
      i * 10_000,
      (f) => found.push(f),
    );
  }
  assert.ok(d.model(), "no model after the warm-up");
  assert.equal(d.trainings, 1);
  fillWindow(w, random, true);
  d.window(
    new HostRows().build(w, SECONDS, OPTIONS.maxHosts, undefined),
    60_000,
    (f) => found.push(f),
  );
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.subject.key)));
  const [alert] = found;
  assert.equal(alert!.rule, "anomaly");
  assert.equal(alert!.origin, "anomaly");
  assert.equal(alert!.subject.key, `10.0.0.${HOSTS}`);
  assert.ok(Number(alert!.evidence.score) >= OPTIONS.threshold);
  const features = alert!.evidence.features as string[];
  assert.ok(
    features.includes("newTargets") || features.includes("synRatio"),
    `explanation: ${features}`,
  );
  assert.match(alert!.message, /spreads/);
});

Deno.test("AnomalyDetector retrains on schedule, and a kept model scores from the start", () => {
  const d = new AnomalyDetector(OPTIONS);
  const w = new SourceWindow();
  const random = new SeededRandom(4);
  for (let i = 0; i < OPTIONS.warmupWindows + 2 * OPTIONS.retrainEveryWindows; i++) {
    fillWindow(w, random, false);
    d.window(new HostRows().build(w, SECONDS, OPTIONS.maxHosts, undefined), i * 10_000, () => {});
  }
  assert.equal(d.trainings, 3);
  // Through JSON, as a store keeps it: a new detector scores at once, with no warm-up.
  const kept = JSON.parse(JSON.stringify(d.model()));
  const restarted = new AnomalyDetector(OPTIONS);
  restarted.load(kept);
  const found: Finding[] = [];
  fillWindow(w, random, true);
  restarted.window(
    new HostRows().build(w, SECONDS, OPTIONS.maxHosts, undefined),
    0,
    (f) => found.push(f),
  );
  assert.deepEqual(found.map((f) => f.subject.key), [`10.0.0.${HOSTS}`]);
  assert.throws(
    () => restarted.load({ ...kept, forest: { ...kept.forest, kind: "x" } }),
    TypeError,
  );
});
