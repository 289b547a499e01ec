/**
 * Notification channels as the config file describes them. Secrets (webhook HMAC keys, SMTP
 * passwords, and webhook URLs, which for Slack and Discord are secrets themselves) come only from
 * the config file or the environment, never from argv, and no message wirescope prints or keeps
 * contains them.
 */
import type { Severity } from "../alerts/alert.ts";

export type WebhookFormat = "generic" | "slack" | "discord";

export interface WebhookChannel {
  kind: "webhook";
  /** Names the channel in the outbox, the API and error messages (never the URL). */
  name: string;
  url: string;
  format: WebhookFormat;
  minSeverity: Severity;
  /** HMAC-SHA256 key: when set, each request carries `X-Wirescope-Signature-256`. */
  secret?: string;
}

export interface EmailChannel {
  kind: "email";
  name: string;
  host: string;
  port: number;
  /** "tls": TLS from the first byte (port 465); "starttls": upgrade required; "none": plain. */
  security: "tls" | "starttls" | "none";
  username?: string;
  password?: string;
  from: string;
  to: string[];
  /** PEM text of a CA to trust for TLS (a private relay's own certificate). */
  ca?: string;
  minSeverity: Severity;
}

export type Channel = WebhookChannel | EmailChannel;

/** Replace every secret of `channel` found in `text` (error messages quote URLs and replies). */
export function redact(text: string, channel: Channel): string {
  const secrets = channel.kind === "webhook"
    ? [channel.url, channel.secret, safeUrlPath(channel.url)]
    : [channel.password];
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** A webhook URL's path (Slack's and Discord's tokens live there), if it has one. */
function safeUrlPath(url: string): string | undefined {
  try {
    const path = new URL(url).pathname;
    return path.length > 1 ? path : undefined;
  } catch {
    return undefined;
  }
}
