import assert from "node:assert/strict";
import { resolveAlertOptions } from "../alert_options.ts";
import type { Finding } from "../finding.ts";
import type { PayloadHit } from "../../stats/packet_observer.ts";
import { PayloadDetector } from "./payload.ts";

const T0 = 1_700_000_000_000;

function hit(rule: string, src = "192.0.2.7", timeMs = T0): PayloadHit {
  return {
    rule,
    bitsPerByte: rule === "" ? 7.6 : 0,
    src,
    dst: "198.51.100.2",
    srcPort: 40000,
    dstPort: 80,
    protocol: "tcp",
    timeMs,
  };
}

Deno.test("PayloadDetector reports a rule at its first match and again only when it grew", () => {
  const d = new PayloadDetector(resolveAlertOptions().payload);
  const found: Finding[] = [];
  d.hits({ hits: [hit("passwd")], dropped: 0 });
  d.evaluate(T0 + 1000, (f) => found.push(f), false);
  d.evaluate(T0 + 2000, (f) => found.push(f), false);
  d.hits({ hits: [hit("passwd"), hit("passwd")], dropped: 0 });
  d.evaluate(T0 + 3000, (f) => found.push(f), false);
  assert.deepEqual(found.map((f) => [f.rule, f.evidence.packets]), [
    ["payload.rule.passwd", 1],
    ["payload.rule.passwd", 3],
  ]);
  assert.deepEqual(found[0]!.subject.addresses, ["192.0.2.7", "198.51.100.2"]);
  assert.match(found[0]!.message, /Payload rule "passwd" matched 1 packets from 192\.0\.2\.7/);
});

Deno.test("PayloadDetector needs entropyMinPackets high-entropy packets in one window", () => {
  const o = resolveAlertOptions({ payload: { entropyMinPackets: 5, windowMs: 10_000 } }).payload;
  const d = new PayloadDetector(o);
  const found: Finding[] = [];
  const report = (f: Finding) => found.push(f);
  d.hits({ hits: Array.from({ length: 4 }, () => hit("")), dropped: 0 });
  d.evaluate(T0, report, false);
  // The window closes with four: they are forgotten, and four more do not make five.
  d.evaluate(T0 + 10_000, report, false);
  d.hits({ hits: Array.from({ length: 4 }, () => hit("")), dropped: 0 });
  d.evaluate(T0 + 11_000, report, false);
  assert.equal(found.length, 0);
  d.hits({ hits: [hit("")], dropped: 3 });
  d.evaluate(T0 + 12_000, report, false);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.rule, "payload.entropy");
  assert.equal(found[0]!.evidence.meanBitsPerByte, 7.6);
  assert.equal(d.dropped, 3);
});
