/** The mail for one alert or a digest: a subject line and a plain-text body. */
import type { Alert } from "../alerts/alert.ts";
import { alertLine, summaryTitle } from "./webhook_body.ts";

export interface EmailMessage {
  subject: string;
  text: string;
}

/** `omitted`: alerts of a digest left out to keep it bounded (counted, not listed). */
export function emailMessage(alerts: readonly Alert[], omitted = 0): EmailMessage {
  const blocks = alerts.map((a) => {
    const evidence = Object.entries(a.evidence)
      .map(([k, v]) => `    ${k}: ${Array.isArray(v) ? v.join(", ") : v}`);
    return [
      alertLine(a),
      `    first seen ${new Date(a.firstSeenMs).toISOString()}, ` +
      `last seen ${new Date(a.lastSeenMs).toISOString()}, id ${a.id}`,
      ...evidence,
    ].join("\n");
  });
  if (omitted > 0) blocks.push(`...and ${omitted} more alerts, not listed`);
  return { subject: summaryTitle(alerts), text: blocks.join("\n\n") + "\n" };
}
