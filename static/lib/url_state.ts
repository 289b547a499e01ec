/**
 * The view in the address bar, so a link reopens it: the chart window, the conversations' and
 * packets' filters, the conversations' sort, the selected time range and the country scope, as
 * query parameters (`?window=15m&filter=port+53&sort=bytes&order=asc&range=FROM-TO`). Read once
 * on load; each change replaces the current history entry rather than adding one, so Back still
 * leaves the dashboard. Values that cannot be read are ignored, never half-applied.
 */
import type { FlowSort } from "../../stats/flow_query.ts";
import { TIME_WINDOWS, type WindowId } from "./time_windows.ts";

export interface UrlState {
  window?: WindowId;
  /** The conversations' display filter. */
  filter?: string;
  /** The packets' display filter. */
  packets?: string;
  sort?: FlowSort;
  order?: "asc" | "desc";
  /** Epoch ms, `fromMs < toMs`. */
  range?: { fromMs: number; toMs: number };
  /** ISO code of the country the page is scoped to. */
  country?: string;
}

/** What each key may be set to; null removes it. */
export type UrlStatePatch = { [K in keyof UrlState]?: UrlState[K] | null };

const SORTS = [
  "bytes",
  "packets",
  "rate",
  "rate10s",
  "rate40s",
  "last-seen",
  "first-seen",
  "duration",
] as const satisfies readonly FlowSort[];
const WINDOW_IDS: readonly string[] = ["all", ...TIME_WINDOWS.map((w) => w.id)];
/** Longest filter kept from a link: the server's own limit (MAX_FILTER_LENGTH). */
const MAX_FILTER = 1000;
const RANGE = /^(\d{1,15})-(\d{1,15})$/;

/** The state a query string (`location.search`) holds. */
export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const out: UrlState = {};
  const window = p.get("window");
  if (window !== null && WINDOW_IDS.includes(window)) out.window = window as WindowId;
  for (const key of ["filter", "packets"] as const) {
    const text = p.get(key);
    if (text !== null && text.trim() !== "" && text.length <= MAX_FILTER) out[key] = text;
  }
  const sort = SORTS.find((s) => s === p.get("sort"));
  if (sort !== undefined) out.sort = sort;
  const order = p.get("order");
  if (order === "asc" || order === "desc") out.order = order;
  const range = RANGE.exec(p.get("range") ?? "");
  if (range && Number(range[1]) < Number(range[2])) {
    out.range = { fromMs: Number(range[1]), toMs: Number(range[2]) };
  }
  const country = p.get("country");
  if (country !== null && /^([A-Za-z]{2}|unknown)$/.test(country)) {
    out.country = country === "unknown" ? country : country.toUpperCase();
  }
  return out;
}

/** `search` with `patch` applied, as a query string ("" when nothing is left). */
export function patchUrlState(search: string, patch: UrlStatePatch): string {
  const p = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === "") p.delete(key);
    else if (key === "range") {
      const r = value as { fromMs: number; toMs: number };
      p.set(key, `${Math.round(r.fromMs)}-${Math.round(r.toMs)}`);
    } else p.set(key, String(value));
  }
  const text = p.toString();
  return text === "" ? "" : `?${text}`;
}

/** The state this page was opened with. */
export function readUrlState(): UrlState {
  return parseUrlState(location.search);
}

/** Put `patch` into the address bar without a new history entry or a reload. */
export function writeUrlState(patch: UrlStatePatch): void {
  const search = patchUrlState(location.search, patch);
  if (search === location.search) return;
  history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
}
