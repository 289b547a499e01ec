import assert from "node:assert/strict";
import { AlertEngine, RATE_LIMIT_RULE } from "./alert_engine.ts";
import type { Finding } from "./finding.ts";
import { hostSubject, pairSubject } from "./finding.ts";
import { MemoryAlertSink } from "./memory_sink.ts";
import { MuteList } from "./mute_list.ts";

const OPTIONS = { cooldownMs: 60_000, maxNewPerMinute: 3, maxFolded: 100 };

function finding(rule: string, host: string, timeMs: number): Finding {
  return {
    rule,
    severity: "warning",
    subject: hostSubject(host),
    message: `${rule} on ${host}`,
    evidence: { n: timeMs },
    timeMs,
  };
}

function setup(options = OPTIONS) {
  const sink = new MemoryAlertSink();
  const mutes = new MuteList();
  const updates: number[] = [];
  const engine = new AlertEngine(options, [sink, {
    raise() {},
    update(a) {
      updates.push(a.id);
    },
  }], mutes);
  return { sink, mutes, engine, updates };
}

Deno.test("AlertEngine folds repeats of one rule and subject within the cooldown", () => {
  const { sink, engine, updates } = setup();
  engine.submit(finding("syn_flood", "10.0.0.1", 1_000));
  engine.submit(finding("syn_flood", "10.0.0.1", 20_000));
  engine.submit(finding("syn_flood", "10.0.0.1", 70_000));
  engine.submit(finding("syn_flood", "10.0.0.2", 70_000));
  const alerts = sink.list();
  assert.equal(alerts.length, 2);
  assert.equal(alerts[0]!.count, 3);
  assert.equal(alerts[0]!.firstSeenMs, 1_000);
  assert.equal(alerts[0]!.lastSeenMs, 70_000);
  assert.deepEqual(alerts[0]!.evidence, { n: 70_000 });
  assert.deepEqual(updates, [1, 1]);
  assert.equal(alerts[1]!.subject.key, "10.0.0.2");
});

Deno.test("AlertEngine raises a new alert once the cooldown has passed", () => {
  const { sink, engine } = setup();
  engine.submit(finding("syn_flood", "10.0.0.1", 0));
  engine.submit(finding("syn_flood", "10.0.0.1", 60_001));
  assert.deepEqual(sink.list().map((a) => a.id), [1, 2]);
});

Deno.test("AlertEngine holds back alerts past the rate limit and summarises them once", () => {
  const { sink, engine } = setup();
  for (let i = 0; i < 10; i++) engine.submit(finding("port_scan.vertical", `10.0.0.${i}`, i));
  assert.equal(sink.list().length, 3);
  engine.submit(finding("dns_tunnel", "10.0.1.1", 61_000)); // the next minute
  const alerts = sink.list();
  const summary = alerts.find((a) => a.rule === RATE_LIMIT_RULE)!;
  assert.equal(summary.evidence.held, 7);
  assert.deepEqual(summary.evidence.rules, ["port_scan.vertical"]);
  assert.equal(summary.severity, "warning");
  assert.equal(alerts.at(-1)!.rule, "dns_tunnel");
  engine.flush(62_000);
  assert.equal(sink.list().length, alerts.length, "nothing held, nothing summarised");
});

Deno.test("AlertEngine limits each severity apart: info alerts never hold back a critical", () => {
  const { sink, engine } = setup();
  for (let i = 0; i < 10; i++) {
    engine.submit({ ...finding("new_talker", `10.0.0.${i}`, i), severity: "info" });
  }
  engine.submit({ ...finding("syn_flood", "10.0.9.9", 20), severity: "critical" });
  const alerts = sink.list();
  assert.equal(alerts.filter((a) => a.severity === "info").length, 3);
  assert.equal(alerts.at(-1)!.rule, "syn_flood");
});

Deno.test("AlertEngine drops muted findings: by rule family, subject, pair, until expiry", () => {
  const { sink, engine, mutes } = setup({ ...OPTIONS, maxNewPerMinute: 100 });
  mutes.add({ rule: "port_scan", untilMs: null });
  mutes.add({ subject: "10.0.0.9", untilMs: 5_000 });
  mutes.add({ pair: { client: "10.0.0.1", server: "10.0.0.2" }, untilMs: null });
  engine.submit(finding("port_scan.vertical", "10.0.0.5", 0));
  engine.submit(finding("syn_flood", "10.0.0.9", 1_000));
  engine.submit({ ...finding("blocklist", "", 0), subject: pairSubject("10.0.0.1", "10.0.0.2") });
  assert.equal(sink.list().length, 0);
  assert.equal(engine.muted, 3);
  engine.submit(finding("syn_flood", "10.0.0.9", 6_000)); // the subject mute expired
  engine.submit(finding("port_scanner", "10.0.0.5", 6_000)); // not the family "port_scan"
  assert.deepEqual(sink.list().map((a) => a.rule), ["syn_flood", "port_scanner"]);
});

Deno.test("MuteList refuses a mute that names nothing", () => {
  assert.throws(() => new MuteList().add({ untilMs: null }), RangeError);
});

Deno.test("AlertEngine forgets the least recently seen open alert past maxFolded", () => {
  const { sink, engine } = setup({ cooldownMs: 60_000, maxNewPerMinute: 100, maxFolded: 2 });
  engine.submit(finding("a", "h1", 0));
  engine.submit(finding("a", "h2", 1));
  engine.submit(finding("a", "h3", 2));
  engine.submit(finding("a", "h1", 3)); // h1 was forgotten: a new alert
  assert.deepEqual(sink.list().map((a) => a.subject.key), ["h1", "h2", "h3", "h1"]);
});

Deno.test("MemoryAlertSink keeps the newest alerts up to its capacity", () => {
  const sink = new MemoryAlertSink(2);
  const engine = new AlertEngine({ ...OPTIONS, maxNewPerMinute: 10 }, [sink], new MuteList());
  for (let i = 0; i < 5; i++) engine.submit(finding("a", `h${i}`, i));
  assert.deepEqual(sink.list().map((a) => a.id), [4, 5]);
  assert.equal(sink.dropped, 3);
});
