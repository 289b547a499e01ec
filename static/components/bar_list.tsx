/** @jsxImportSource npm:preact@10 */
/**
 * A ranked list as horizontal bars, each as long as the number beside it (scaled against the
 * list's largest row), so bar and number always tell the same thing.
 */

import type { ComponentChildren } from "../deps.ts";

export interface BarRow {
  key: string;
  label: string;
  /** What the list ranks by; shown as `text` and kept exact in `data-value`. */
  value: number;
  text: string;
  /** The bar's colour when it counts one direction ("tx" sent, "rx" received). */
  tone?: "tx" | "rx";
  /** Tooltip of the bar (the other direction's count, say). */
  title?: string;
  detail?: string | null;
  /** Shown after the label: what is known about an address (components/address_note.tsx). */
  note?: ComponentChildren;
}

export function BarList(props: { rows: BarRow[]; label: string; testId: string }) {
  const max = props.rows.reduce((m, r) => Math.max(m, r.value), 0) || 1;
  return (
    <ol class="bars" aria-label={props.label} data-testid={props.testId}>
      {props.rows.map((r) => (
        <li key={r.key} data-key={r.key}>
          <div class="bar-text">
            <span class="bar-label" title={r.label}>{r.label}</span>
            {r.note}
            {r.detail && <span class="bar-detail">{r.detail}</span>}
            <span class="bar-value num" data-value={r.value}>{r.text}</span>
          </div>
          <div class="bar-track" title={r.title}>
            <span
              class={r.tone ? `bar bar-${r.tone}` : "bar"}
              style={{ width: pct(r.value, max) }}
            />
          </div>
        </li>
      ))}
    </ol>
  );
}

function pct(value: number, max: number): string {
  return `${((100 * value) / max).toFixed(2)}%`;
}
