/** The alerts section of the text report: counts by severity, then the loudest alerts. */
import { type Alert, SEVERITIES } from "../alerts/alert.ts";
import { formatCount } from "../format/units.ts";

/** Alerts listed in the text report; `--report json` carries them all. */
const TEXT_ALERT_ROWS = 20;

export function formatAlerts(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return "Alerts\n  (none)";
  const counts = SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .reverse()
    .map(([s, n]) => `${formatCount(n)} ${s}`)
    .join(", ");
  const loudest = [...alerts].sort((a, b) =>
    SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
    a.firstSeenMs - b.firstSeenMs
  );
  const lines = loudest.slice(0, TEXT_ALERT_ROWS).map((a) => {
    const times = a.count > 1 ? ` (x${formatCount(a.count)})` : "";
    return `  ${a.severity.padEnd(8)} ${new Date(a.firstSeenMs).toISOString()}  ${a.rule}: ` +
      `${a.message}${times}`;
  });
  const more = alerts.length - lines.length;
  return [`Alerts: ${counts}`, ...lines, ...(more > 0 ? [`  +${formatCount(more)} more`] : [])]
    .join("\n");
}
