/**
 * The traffic chart's keyboard selection (lib/keyboard_range.ts) as a hook: the key handler that
 * moves the cursor line and reports ranges, and the blur handler that hides the line.
 */
import { useRef } from "../deps.ts";
import { keyRange, type KeyRangeState } from "./keyboard_range.ts";

/** The time axis in pixels, as the chart knows it. */
export interface TimeAxis {
  /** Pixel of `ms`, and the plot area's top and bottom. */
  pixelFor(ms: number): number;
  top: number;
  bottom: number;
}

export interface KeyboardRange {
  onKeyDown: (e: KeyboardEvent) => void;
  onBlur: () => void;
}

/**
 * Handlers for the chart spanning `xMin`..`xMax`; `axis()` is null before the chart is drawn,
 * `cursor` the line element, `onRange` receives a selection (null clears it).
 */
export function useKeyboardRange(
  xMin: number,
  xMax: number,
  axis: () => TimeAxis | null,
  cursor: { current: HTMLDivElement | null },
  onRange: (range: { fromMs: number; toMs: number } | null) => void,
): KeyboardRange {
  const keys = useRef<KeyRangeState>({ cursorMs: null, anchorMs: null });
  const place = (ms: number | null) => {
    const el = cursor.current;
    const a = axis();
    if (!el) return;
    el.hidden = a === null || ms === null;
    if (a === null || ms === null) return;
    el.style.left = `${a.pixelFor(ms)}px`;
    el.style.top = `${a.top}px`;
    el.style.height = `${a.bottom - a.top}px`;
  };
  return {
    onKeyDown: (e) => {
      const r = keyRange(keys.current, e.key, e.shiftKey, xMin, xMax);
      if (!r || axis() === null) return;
      e.preventDefault();
      keys.current = r.state;
      place(r.state.cursorMs);
      if (r.range !== undefined) onRange(r.range);
    },
    onBlur: () => place(null),
  };
}
