/** @jsxImportSource npm:preact@10 */
/**
 * One alert: severity, rule, subject (a click scopes the conversations to it), message, repeats,
 * when, its evidence on demand, and the actions: acknowledge, mute.
 */
import type { Alert } from "../../alerts/alert.ts";
import { formatCount } from "../../format/units.ts";
import type { MuteScope } from "../lib/alerts_store.ts";
import { formatDateTime } from "../lib/time_format.ts";

/** The mute choices offered: what, and for how long (minutes; null for good). */
const MUTE_CHOICES: { value: string; label: string; scope: MuteScope; minutes: number | null }[] = [
  {
    value: "rule_subject:60",
    label: "this rule on this subject, 1 h",
    scope: "rule_subject",
    minutes: 60,
  },
  {
    value: "rule_subject:1440",
    label: "this rule on this subject, 24 h",
    scope: "rule_subject",
    minutes: 1440,
  },
  {
    value: "rule_subject:",
    label: "this rule on this subject, for good",
    scope: "rule_subject",
    minutes: null,
  },
  {
    value: "subject:1440",
    label: "everything about this subject, 24 h",
    scope: "subject",
    minutes: 1440,
  },
  { value: "pair:", label: "this client/server pair, for good", scope: "pair", minutes: null },
  { value: "rule:60", label: "this rule everywhere, 1 h", scope: "rule", minutes: 60 },
];

export interface AlertRowProps {
  alert: Alert;
  onScope: (alert: Alert) => void;
  onAcknowledge: (id: number, acknowledged: boolean) => void;
  onMute: (id: number, scope: MuteScope, minutes: number | null) => void;
}

export function AlertRow({ alert, onScope, onAcknowledge, onMute }: AlertRowProps) {
  const acknowledged = alert.acknowledgedMs !== null;
  const evidence = Object.entries(alert.evidence);
  const choices = MUTE_CHOICES.filter((c) => c.scope !== "pair" || alert.subject.kind === "pair");
  return (
    <li
      class={`alert alert-${alert.severity}${acknowledged ? " alert-acked" : ""}`}
      data-alert-id={alert.id}
      data-severity={alert.severity}
    >
      <div class="alert-line">
        <span class="severity">{alert.severity}</span>
        <span class="alert-rule">{alert.rule}</span>
        <button
          type="button"
          class="link alert-subject"
          title="Show this subject's conversations"
          onClick={() => onScope(alert)}
        >
          {alert.subject.key}
        </button>
        {alert.count > 1 && <span class="alert-count">×{formatCount(alert.count)}</span>}
        <time class="alert-time" dateTime={new Date(alert.lastSeenMs).toISOString()}>
          {formatDateTime(alert.lastSeenMs)}
        </time>
      </div>
      <p class="alert-message">{alert.message}</p>
      <div class="alert-actions">
        {evidence.length > 0 && (
          <details class="alert-evidence">
            <summary>evidence</summary>
            <dl>
              {evidence.map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{Array.isArray(value) ? value.join(", ") : String(value)}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
        <button type="button" class="ack" onClick={() => onAcknowledge(alert.id, !acknowledged)}>
          {acknowledged ? "Reopen" : "Acknowledge"}
        </button>
        <select
          class="mute"
          aria-label={`Mute alerts like ${alert.id}`}
          value=""
          onChange={(e) => {
            const choice = choices.find((c) =>
              c.value === (e.currentTarget as HTMLSelectElement).value
            );
            if (choice) onMute(alert.id, choice.scope, choice.minutes);
          }}
        >
          <option value="">Mute…</option>
          {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      </div>
    </li>
  );
}
