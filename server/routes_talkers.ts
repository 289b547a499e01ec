/**
 * GET /api/talkers/hourly?hours=24: the busiest senders of each past hour, as the history
 * database kept them (`store/talker_store.ts`), so a restart does not forget who talked when.
 * `{hours: [{hourMs, talkers: [{ip, packets, bytes}]}]}`, oldest hour first.
 */
import type { HourlyTalker } from "../store/talker_store.ts";
import { jsonResponse } from "./json_response.ts";
import { QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";

/** The longest look back: the default retention (30 days) in hours. */
export const MAX_TALKER_HOURS = 720;
const HOUR_MS = 3_600_000;

export interface TalkerHistory {
  since(sinceMs: number): HourlyTalker[];
}

export function talkersRoute(history: TalkerHistory, now: () => number = Date.now) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, ["hours"]);
    const hours = q.integer("hours", 1, MAX_TALKER_HOURS) ?? 24;
    const byHour = new Map<number, { ip: string; packets: number; bytes: number }[]>();
    for (const t of history.since(now() - hours * HOUR_MS)) {
      let list = byHour.get(t.hourMs);
      if (!list) byHour.set(t.hourMs, list = []);
      list.push({ ip: t.ip, packets: t.packets, bytes: t.bytes });
    }
    const out = [...byHour].sort((a, b) => a[0] - b[0]).map(([hourMs, talkers]) => ({
      hourMs,
      talkers,
    }));
    return jsonResponse({ hours: out }, { pretty });
  };
}
