/**
 * Sending one outbox message over its channel: an HTTP POST for webhooks, SMTP through
 * `npm:nodemailer` for email. Every attempt is bounded in time, and every error message is
 * redacted of the channel's secrets before anyone sees it.
 */
import type { Channel, EmailChannel, WebhookChannel } from "./channel.ts";
import { redact } from "./channel.ts";
import type { EmailMessage } from "./email_message.ts";
import { SIGNATURE_HEADER, signBody } from "./signature.ts";

/** Longest one attempt may take: a receiver that hangs costs this much, then a retry later. */
export const SEND_TIMEOUT_MS = 10_000;

/** Sends one message body; rejects with a redacted, one-line reason. */
export type Sender = (body: string) => Promise<void>;

/** A channel's sender, and when the code it sends with is loaded. */
export type ChannelSender = Sender & { ready: Promise<void> };

export interface SenderOptions {
  timeoutMs?: number;
}

export function senderFor(channel: Channel, options: SenderOptions = {}): ChannelSender {
  const { send, ready } = channel.kind === "webhook"
    ? { send: webhookSender(channel, options), ready: Promise.resolve() }
    : emailSender(channel, options);
  const sender = async (body: string) => {
    try {
      await send(body);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      throw new Error(redact(text.split("\n")[0]!, channel));
    }
  };
  return Object.assign(sender, { ready });
}

function webhookSender(channel: WebhookChannel, options: SenderOptions): Sender {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return async (body) => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "wirescope",
    };
    if (channel.secret) headers[SIGNATURE_HEADER] = await signBody(channel.secret, body);
    let response: Response;
    try {
      response = await fetch(channel.url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "TimeoutError") {
        throw new Error(`webhook "${channel.name}" did not answer within ${timeoutMs} ms`);
      }
      throw new Error(`webhook "${channel.name}" unreachable: ${describe(error)}`);
    }
    await response.body?.cancel();
    if (!response.ok) {
      throw new Error(`webhook "${channel.name}" answered HTTP ${response.status}`);
    }
  };
}

function emailSender(
  channel: EmailChannel,
  options: SenderOptions,
): { send: Sender; ready: Promise<void> } {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  // Loaded when the channel is made, not at the first alert: by then the process may have
  // dropped the privileges that let it read its module cache.
  // deno-lint-ignore no-import-prefix
  const transport = import("npm:nodemailer@10").then(({ default: nodemailer }) =>
    nodemailer.createTransport({
      host: channel.host,
      port: channel.port,
      secure: channel.security === "tls",
      requireTLS: channel.security === "starttls",
      ignoreTLS: channel.security === "none",
      ...(channel.username !== undefined
        ? { auth: { user: channel.username, pass: channel.password ?? "" } }
        : {}),
      ...(channel.ca ? { tls: { ca: channel.ca } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // One connection per message: alerts are rare, and a pooled socket would hold the
      // process open.
      pool: false,
    })
  );
  // A failure to load surfaces at the first send, as that send's error.
  const ready = transport.then(() => {}, () => {});
  const send: Sender = async (body) => {
    const message = JSON.parse(body) as EmailMessage;
    try {
      await (await transport).sendMail({
        from: channel.from,
        to: channel.to,
        subject: message.subject,
        text: message.text,
      });
    } catch (error) {
      throw new Error(`email "${channel.name}" not sent: ${describe(error)}`);
    }
  };
  return { send, ready };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
