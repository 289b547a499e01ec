import assert from "node:assert/strict";
import { redact } from "./channel.ts";

Deno.test("redact() removes a webhook's URL, its token path and HMAC key, and an SMTP password", () => {
  const hook = {
    kind: "webhook" as const,
    name: "slack",
    url: "https://hooks.slack.example/services/T000/B000/XXXXSECRET",
    format: "slack" as const,
    minSeverity: "warning" as const,
    secret: "hmac-k3y",
  };
  assert.equal(
    redact(`error sending request for url (${hook.url}): refused`, hook),
    "error sending request for url ([redacted]): refused",
  );
  assert.equal(
    redact("GET /services/T000/B000/XXXXSECRET answered 404; key hmac-k3y", hook),
    "GET [redacted] answered 404; key [redacted]",
  );
  const mail = {
    kind: "email" as const,
    name: "mail",
    host: "smtp.example",
    port: 587,
    security: "starttls" as const,
    username: "me",
    password: "pa55-word",
    from: "a@example",
    to: ["b@example"],
    minSeverity: "warning" as const,
  };
  assert.equal(
    redact("535 auth failed for me/pa55-word", mail),
    "535 auth failed for me/[redacted]",
  );
});
