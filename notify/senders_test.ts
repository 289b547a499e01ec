import assert from "node:assert/strict";
import { refusingUrl, smtpSink, testCertificate, webhookReceiver } from "./_test_receivers.ts";
import { senderFor } from "./senders.ts";
import type { EmailChannel, WebhookChannel } from "./channel.ts";
import { SIGNATURE_HEADER, signBody } from "./signature.ts";

function hook(url: string, extra: Partial<WebhookChannel> = {}): WebhookChannel {
  return { kind: "webhook", name: "ops", url, format: "generic", minSeverity: "info", ...extra };
}

Deno.test("webhook sender posts the body with its HMAC signature to a real receiver", async () => {
  const receiver = webhookReceiver("ok");
  try {
    const send = senderFor(hook(receiver.url, { secret: "s3cret-key" }));
    await send('{"hello":1}');
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0]!;
    assert.equal(got.body, '{"hello":1}');
    assert.equal(got.headers.get("content-type"), "application/json");
    assert.equal(got.headers.get(SIGNATURE_HEADER), await signBody("s3cret-key", '{"hello":1}'));
  } finally {
    await receiver.close();
  }
});

Deno.test("webhook sender rejects on HTTP 500, a hang past its timeout and a refused port, naming no secret", async () => {
  const failing = webhookReceiver("error");
  const hanging = webhookReceiver("hang");
  try {
    const cases: [string, RegExp][] = [
      [failing.url, /answered HTTP 500/],
      [hanging.url, /did not answer within 300 ms/],
      [refusingUrl(), /unreachable/],
    ];
    for (const [url, expected] of cases) {
      const started = performance.now();
      await assert.rejects(senderFor(hook(url), { timeoutMs: 300 })("{}"), (e: Error) => {
        assert.match(e.message, expected);
        assert.ok(!e.message.includes("T0KEN-secret-path"), e.message);
        assert.ok(!e.message.includes("/hook"), e.message);
        return true;
      });
      assert.ok(performance.now() - started < 5000, "bounded in time");
    }
    assert.equal(hanging.received.length, 1, "the hanging receiver did get the request");
  } finally {
    await failing.close();
    await hanging.close();
  }
});

Deno.test("email sender delivers over STARTTLS with a password to a local SMTP sink", async () => {
  const cert = await testCertificate();
  const sink = await smtpSink(cert, { user: "alerts", pass: "pa55word-x" });
  const channel: EmailChannel = {
    kind: "email",
    name: "mail",
    host: "127.0.0.1",
    port: sink.port,
    security: "starttls",
    username: "alerts",
    password: "pa55word-x",
    from: "wirescope@example.test",
    to: ["oncall@example.test"],
    minSeverity: "warning",
    ca: cert.cert,
  };
  try {
    await senderFor(channel)(
      JSON.stringify({ subject: "wirescope critical: syn_flood", text: "body here" }),
    );
    assert.equal(sink.messages.length, 1);
    const mail = sink.messages[0]!;
    assert.equal(mail.user, "alerts");
    assert.equal(mail.secure, true, "upgraded with STARTTLS");
    assert.deepEqual(mail.to, ["oncall@example.test"]);
    assert.match(mail.raw, /Subject: wirescope critical: syn_flood/);
    assert.match(mail.raw, /body here/);

    await assert.rejects(
      senderFor({ ...channel, password: "wrong-pa55" })('{"subject":"x","text":"y"}'),
      (e: Error) => {
        assert.match(e.message, /email "mail" not sent/);
        assert.ok(!e.message.includes("wrong-pa55"));
        return true;
      },
    );
    // A server certificate nobody vouches for is refused, not silently accepted.
    const { ca: _ca, ...untrusted } = channel;
    await assert.rejects(senderFor(untrusted)('{"subject":"x","text":"y"}'), /not sent/);
    assert.equal(sink.messages.length, 1);
  } finally {
    await sink.close();
  }
});
