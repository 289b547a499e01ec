/** @jsxImportSource npm:preact@10 */
/** Pause/resume (while the capture runs), units and theme. */

import type { RateUnit } from "../lib/rate_units.ts";
import type { ThemeChoice } from "../lib/theme.ts";
import { Segmented } from "./segmented.tsx";

export interface ToolbarProps {
  /** Offer Pause: only while something can still change (a finished file cannot). */
  canPause: boolean;
  paused: boolean;
  onPause: (paused: boolean) => void;
  unit: RateUnit;
  onUnit: (unit: RateUnit) => void;
  theme: ThemeChoice;
  onTheme: (theme: ThemeChoice) => void;
}

const UNITS = [{ value: "bits", label: "bits" }, { value: "bytes", label: "bytes" }] as const;
const THEMES = [
  { value: "system", label: "Auto" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;

export function Toolbar(props: ToolbarProps) {
  return (
    <div class="toolbar">
      {(props.canPause || props.paused) && (
        <button
          type="button"
          class="primary"
          data-testid="pause"
          aria-pressed={props.paused}
          onClick={() => props.onPause(!props.paused)}
          title="Freeze the view; the capture goes on"
        >
          {props.paused ? "Resume" : "Pause"}
        </button>
      )}
      <Segmented label="Rate units" value={props.unit} options={UNITS} onChange={props.onUnit} />
      <Segmented label="Theme" value={props.theme} options={THEMES} onChange={props.onTheme} />
    </div>
  );
}
