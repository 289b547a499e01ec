/** @jsxImportSource npm:preact@10 */
/**
 * Alerts: the newest first, live; filter by severity and acknowledgement; acknowledge, mute,
 * raise one by hand, export the history (CSV or NDJSON, with the panel's filter). The footer
 * says what notifications did (sent, failed, waiting) and where history is kept.
 */
import type { Alert, Severity } from "../../alerts/alert.ts";
import { useState } from "../deps.ts";
import type { AlertsStore, AlertsView } from "../lib/alerts_store.ts";
import { EmptyNote } from "./empty_note.tsx";
import { AlertRow } from "./alert_row.tsx";
import { NewAlertForm } from "./new_alert_form.tsx";
import { Panel } from "./panel.tsx";
import { Segmented } from "./segmented.tsx";

type SeverityFilter = "all" | "warning" | "critical";

const FILTERS: Record<SeverityFilter, readonly Severity[]> = {
  all: ["info", "warning", "critical"],
  warning: ["warning", "critical"],
  critical: ["critical"],
};

export interface AlertsPanelProps {
  store: AlertsStore;
  view: AlertsView;
  onScope: (alert: Alert) => void;
}

export function AlertsPanel({ store, view, onScope }: AlertsPanelProps) {
  const [severity, setSeverity] = useState<SeverityFilter>("all");
  const [showAcked, setShowAcked] = useState(false);
  const [raising, setRaising] = useState(false);
  if (!view.available) return null;
  const shown = view.alerts.filter((a) =>
    FILTERS[severity].includes(a.severity) && (showAcked || a.acknowledgedMs === null)
  );
  const exportQuery = new URLSearchParams();
  if (severity !== "all") exportQuery.set("severity", FILTERS[severity].join(","));
  if (!showAcked) exportQuery.set("acknowledged", "false");
  const exportUrl = (format: string) => `/api/alerts?${exportQuery}&format=${format}`;
  const notifications = view.summary?.notifications;
  return (
    <Panel
      id="alerts"
      title="Alerts"
      wide
      scope={view.summary?.persistent === false ? "this run only (--no-db)" : "kept in history"}
      actions={
        <>
          <Segmented
            label="Severity"
            value={severity}
            onChange={setSeverity}
            options={[
              { value: "all", label: "All" },
              { value: "warning", label: "Warning+" },
              { value: "critical", label: "Critical" },
            ]}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={showAcked}
              onChange={(e) => setShowAcked((e.currentTarget as HTMLInputElement).checked)}
            />
            acknowledged
          </label>
          <a class="button" href={exportUrl("csv")} download="wirescope-alerts.csv">Export CSV</a>
          <a class="button" href={exportUrl("ndjson")} download="wirescope-alerts.ndjson">NDJSON</a>
          <button type="button" aria-expanded={raising} onClick={() => setRaising(!raising)}>
            New alert
          </button>
        </>
      }
    >
      {raising && <NewAlertForm onCreate={(input) => void store.create(input)} />}
      {shown.length === 0
        ? (
          <EmptyNote
            message={view.alerts.length === 0 ? "No alerts yet." : "No alert matches this view."}
            hint={view.alerts.length === 0
              ? "Scans, floods, DNS tunnels and anomalies show up here as they are detected."
              : undefined}
          />
        )
        : (
          <ul class="alerts" data-testid="alert-list">
            {shown.map((alert) => (
              <AlertRow
                key={alert.id}
                alert={alert}
                onScope={onScope}
                onAcknowledge={(id, ack) => void store.acknowledge(id, ack)}
                onMute={(id, scope, minutes) => void store.mute(id, scope, minutes)}
              />
            ))}
          </ul>
        )}
      <footer class="alerts-foot">
        {notifications && (
          <span data-testid="notification-counts">
            Notifications: {notifications.sent} sent · {notifications.failed} failed ·{" "}
            {notifications.pending} waiting
            {notifications.lastError && ` (last error: ${notifications.lastError})`}
          </span>
        )}
        {view.summary && view.summary.mutes.length > 0 && (
          <span data-testid="mute-count">· {view.summary.mutes.length} mutes in force</span>
        )}
        {view.error && <span class="error" role="alert">· {view.error}</span>}
      </footer>
    </Panel>
  );
}
