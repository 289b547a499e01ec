/**
 * The traffic series of one capture interface (`/api/series?interface=NAME`), asked for again
 * at each stream update while the interface switch names one; null for all interfaces (the
 * stream's own series is the combined one) and until the first answer.
 */
import type { SeriesData } from "../../stats/rate_series.ts";
import { usePolled } from "./use_polled.ts";

export function useInterfaceSeries(
  name: string | null,
  windowQuery: string,
  trigger: number,
): SeriesData | null {
  const url = name === null
    ? null
    : `/api/series?window=${encodeURIComponent(windowQuery)}&interface=${encodeURIComponent(name)}`;
  const polled = usePolled<SeriesData>(url, trigger);
  return url !== null && polled.url === url ? polled.data : null;
}
