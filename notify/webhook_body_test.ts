import assert from "node:assert/strict";
import { CHAT_LIST_LIMIT, webhookBody } from "./webhook_body.ts";
import { emailMessage } from "./email_message.ts";
import type { Alert } from "../alerts/alert.ts";

function alert(id: number, severity: Alert["severity"] = "warning"): Alert {
  return {
    id,
    rule: "syn_flood",
    severity,
    origin: "detector",
    subject: { kind: "host", key: "10.0.0.9", addresses: ["10.0.0.9"] },
    message: "4,000 half-open <connections> to 10.0.0.9 & more",
    evidence: { halfOpen: 4000, topSources: ["10.0.0.1", "10.0.0.2"] },
    firstSeenMs: 0,
    lastSeenMs: 60_000,
    count: 2,
    acknowledgedMs: null,
  };
}

Deno.test("generic webhook body carries the alert records as the API shows them", () => {
  const one = JSON.parse(webhookBody("generic", [alert(1)]));
  assert.equal(one.kind, "alert");
  assert.deepEqual(one.alerts, [alert(1)]);
  const digest = JSON.parse(webhookBody("generic", [alert(1), alert(2)], 3));
  assert.equal(digest.kind, "digest");
  assert.equal(digest.omitted, 3);
});

Deno.test("Slack body: text plus mrkdwn blocks, control characters escaped", () => {
  const body = JSON.parse(webhookBody("slack", [alert(1, "critical")]));
  assert.equal(body.text, "wirescope critical: syn_flood on 10.0.0.9");
  assert.equal(body.blocks[0].type, "header");
  const list = body.blocks[1].text.text as string;
  assert.match(list, /&lt;connections&gt; to 10\.0\.0\.9 &amp; more \(x2\)/);
});

Deno.test("Discord body: content plus one embed per alert, coloured by severity, bounded", () => {
  const many = Array.from({ length: CHAT_LIST_LIMIT + 5 }, (_, i) => alert(i, "critical"));
  const body = JSON.parse(webhookBody("discord", many));
  assert.equal(body.embeds.length, CHAT_LIST_LIMIT);
  assert.equal(body.embeds[0].color, 0xdc2626);
  assert.equal(body.embeds[0].timestamp, "1970-01-01T00:01:00.000Z");
  assert.match(body.content, /15 alerts \(worst: critical\) \(5 more not listed\)/);
});

Deno.test("emailMessage() lists each alert with its evidence", () => {
  const mail = emailMessage([alert(7)], 2);
  assert.equal(mail.subject, "wirescope warning: syn_flood on 10.0.0.9");
  assert.match(mail.text, /topSources: 10\.0\.0\.1, 10\.0\.0\.2/);
  assert.match(mail.text, /id 7/);
  assert.match(mail.text, /and 2 more alerts/);
});
