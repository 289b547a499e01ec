/** @jsxImportSource npm:preact@10 */
/**
 * The header strip's alert tile: unacknowledged alerts per severity, loud when any is critical.
 * A click goes to the alerts panel.
 */
import type { AlertSummary } from "../../wire/alert_summary.ts";
import { StatTile } from "./stat_tile.tsx";

export function AlertCounts({ summary }: { summary: AlertSummary | null }) {
  if (summary === null) return null;
  const { critical, warning, info } = summary.unacknowledged;
  const total = critical + warning + info;
  return (
    <a href="#alerts" class="tile-link" data-testid="alert-counts">
      <StatTile
        id="alerts"
        label="Alerts"
        text={total === 0 ? "none open" : `${critical} · ${warning} · ${info}`}
        value={total}
        detail={total === 0 ? "nothing to acknowledge" : "critical · warning · info, open"}
        title={`${critical} critical, ${warning} warning, ${info} info not acknowledged`}
        {...(critical > 0
          ? { tone: "alert" as const }
          : total === 0
          ? { tone: "muted" as const }
          : {})}
      />
    </a>
  );
}
