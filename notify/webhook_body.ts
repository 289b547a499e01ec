/**
 * Request bodies for webhooks: a generic JSON document (the alert records as the API shows
 * them), Slack's incoming-webhook shape (`text` plus mrkdwn `blocks`) and Discord's (`content`
 * plus `embeds`, colour by severity). One alert or a digest of several.
 */
import type { Alert, Severity } from "../alerts/alert.ts";
import type { WebhookFormat } from "./channel.ts";

/** Alerts listed in full in one chat message; the rest are counted (chat messages have limits). */
export const CHAT_LIST_LIMIT = 10;
/** Discord embed colours (decimal RGB) by severity. */
const DISCORD_COLOURS: Record<Severity, number> = {
  info: 0x3b82f6,
  warning: 0xf59e0b,
  critical: 0xdc2626,
};

/** `omitted`: alerts of a digest left out to keep it bounded (counted, not listed). */
export function webhookBody(
  format: WebhookFormat,
  alerts: readonly Alert[],
  omitted = 0,
): string {
  switch (format) {
    case "generic":
      return JSON.stringify({
        source: "wirescope",
        kind: alerts.length === 1 && omitted === 0 ? "alert" : "digest",
        alerts,
        omitted,
      });
    case "slack":
      return JSON.stringify(slackBody(alerts, omitted));
    case "discord":
      return JSON.stringify(discordBody(alerts, omitted));
  }
}

/** One line per alert: "[critical] syn_flood on 10.0.0.9: message (x3)". */
export function alertLine(alert: Alert): string {
  const repeats = alert.count > 1 ? ` (x${alert.count})` : "";
  return `[${alert.severity}] ${alert.rule} on ${alert.subject.key}: ${alert.message}${repeats}`;
}

/** The title of a message about `alerts`. */
export function summaryTitle(alerts: readonly Alert[]): string {
  if (alerts.length === 1) {
    const a = alerts[0]!;
    return `wirescope ${a.severity}: ${a.rule} on ${a.subject.key}`;
  }
  const worst = alerts.some((a) => a.severity === "critical")
    ? "critical"
    : alerts.some((a) => a.severity === "warning")
    ? "warning"
    : "info";
  return `wirescope: ${alerts.length} alerts (worst: ${worst})`;
}

function listed(alerts: readonly Alert[], omitted: number) {
  const shown = alerts.slice(0, CHAT_LIST_LIMIT);
  return { shown, more: alerts.length - shown.length + omitted };
}

function slackBody(alerts: readonly Alert[], omitted: number) {
  const { shown, more } = listed(alerts, omitted);
  const lines = shown.map((a) => `• ${escapeSlack(alertLine(a))}`);
  if (more > 0) lines.push(`…and ${more} more`);
  const title = summaryTitle(alerts);
  return {
    text: title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } },
    ],
  };
}

function discordBody(alerts: readonly Alert[], omitted: number) {
  const { shown, more } = listed(alerts, omitted);
  return {
    content: (summaryTitle(alerts) + (more > 0 ? ` (${more} more not listed)` : "")).slice(0, 2000),
    embeds: shown.map((a) => ({
      title: `${a.rule} on ${a.subject.key}`.slice(0, 256),
      description: a.message.slice(0, 4096),
      color: DISCORD_COLOURS[a.severity],
      timestamp: new Date(a.lastSeenMs).toISOString(),
      fields: [
        { name: "severity", value: a.severity, inline: true },
        { name: "count", value: String(a.count), inline: true },
      ],
    })),
  };
}

/** Slack mrkdwn: &, < and > are control characters (api.slack.com, "Escaping text"). */
function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
