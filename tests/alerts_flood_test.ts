/**
 * Floods made by the synthetic generator (`bench/synthetic_flood.ts`: the ordinary synthetic
 * mix, with 10 s of flood in the middle) raise the matching alert naming the right subject; the
 * same background without a flood raises nothing above info.
 */
import assert from "node:assert/strict";
import type { Alert } from "../alerts/alert.ts";
import { ATTACKER, type FloodKind, generateFlood, VICTIM } from "../bench/synthetic_flood.ts";
import { runCli } from "./support/run_cli.ts";

async function alertsOfFlood(kind: FloodKind, floodSeconds = 10): Promise<Alert[]> {
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    const summary = generateFlood({ kind, path, floodSeconds });
    assert.ok(floodSeconds === 0 || summary.floodPackets > 0);
    const out = await runCli(["-r", path, "--report", "json"]);
    assert.equal(out.code, 0, out.stderr);
    return (JSON.parse(out.stdout) as { alerts: Alert[] }).alerts;
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("a spoofed SYN flood raises syn_flood on the victim with its top sources", async () => {
  const alerts = await alertsOfFlood("syn");
  const hit = alerts.find((a) => a.rule === "syn_flood");
  assert.ok(hit, JSON.stringify(alerts.map((a) => a.rule)));
  assert.equal(hit.subject.key, VICTIM);
  assert.equal(hit.severity, "critical");
  assert.equal(hit.evidence.port, 80);
  assert.ok(Number(hit.evidence.halfOpen) > 10_000);
  assert.equal((hit.evidence.topSources as string[]).length, 5);
  assert.ok((hit.evidence.topSources as string[]).every((ip) => ip.startsWith("100.")));
});

Deno.test("an ICMP flood raises icmp_flood on the attacker", async () => {
  const alerts = await alertsOfFlood("icmp");
  const hit = alerts.find((a) => a.rule === "icmp_flood");
  assert.ok(hit, JSON.stringify(alerts.map((a) => a.rule)));
  assert.equal(hit.subject.key, ATTACKER);
  assert.ok(Number(hit.evidence.packetsPerSecond) >= 1000);
});

Deno.test("a one-source UDP flood raises source_flood on the attacker, protocol UDP", async () => {
  const alerts = await alertsOfFlood("udp");
  const hit = alerts.find((a) => a.rule === "source_flood");
  assert.ok(hit, JSON.stringify(alerts.map((a) => a.rule)));
  assert.equal(hit.subject.key, ATTACKER);
  assert.equal(hit.evidence.protocol, "UDP");
  assert.equal(alerts.some((a) => a.rule === "syn_flood" || a.rule.startsWith("port_scan")), false);
});

Deno.test("the same background without a flood raises no warning or critical alert", async () => {
  const alerts = await alertsOfFlood("udp", 0);
  assert.deepEqual(alerts.filter((a) => a.severity !== "info").map((a) => a.message), []);
});
