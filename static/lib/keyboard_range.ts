/**
 * Selecting a time range with the keyboard, as a drag does with a pointer: the arrow keys move a
 * cursor along the time axis (one fiftieth of the shown span a press, a tenth with Page Up/Down),
 * Home and End jump to the ends; with Shift held, the range runs from where the cursor stood
 * before the first Shift move to the cursor, as text selection does (a move without Shift starts
 * over). Escape clears the selection. Pure: the chart keeps the state and draws it.
 */

/** Cursor steps across the shown span: fine enough to pick a minute of an hour. */
export const KEY_STEPS = 50;
/** Page Up / Page Down move this many steps. */
const PAGE_STEPS = 5;

export interface KeyRangeState {
  /** Epoch ms of the cursor, or null before the first key. */
  cursorMs: number | null;
  /** Where the selection started (Shift first held), or null when none is being made. */
  anchorMs: number | null;
}

export interface KeyRangeResult {
  state: KeyRangeState;
  /** The selection to apply: a range, null to clear it, undefined to leave it as it is. */
  range?: { fromMs: number; toMs: number } | null;
}

/** What `key` (a KeyboardEvent.key) does; null when the chart does not use that key. */
export function keyRange(
  state: KeyRangeState,
  key: string,
  shift: boolean,
  xMin: number,
  xMax: number,
): KeyRangeResult | null {
  const step = (xMax - xMin) / KEY_STEPS;
  if (!(step > 0)) return null;
  if (key === "Escape") return { state: { cursorMs: state.cursorMs, anchorMs: null }, range: null };
  const from = clamp(state.cursorMs ?? xMax, xMin, xMax);
  let cursor: number;
  switch (key) {
    case "ArrowLeft":
      cursor = from - step;
      break;
    case "ArrowRight":
      cursor = from + step;
      break;
    case "PageDown":
      cursor = from - PAGE_STEPS * step;
      break;
    case "PageUp":
      cursor = from + PAGE_STEPS * step;
      break;
    case "Home":
      cursor = xMin;
      break;
    case "End":
      cursor = xMax;
      break;
    default:
      return null;
  }
  cursor = clamp(cursor, xMin, xMax);
  if (!shift) return { state: { cursorMs: cursor, anchorMs: null } };
  const anchor = state.anchorMs ?? from;
  const next = { cursorMs: cursor, anchorMs: anchor };
  if (cursor === anchor) return { state: next, range: null };
  return {
    state: next,
    range: { fromMs: Math.min(anchor, cursor), toMs: Math.max(anchor, cursor) },
  };
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
