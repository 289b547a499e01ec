/**
 * Fetch a JSON route again whenever `trigger` changes (the stream's sequence number, once a
 * second), with at most one request in flight: a slow answer makes the panel skip ticks rather
 * than queue requests. `url` null means "use the stream's data, fetch nothing".
 */

import { useEffect, useRef, useState } from "../deps.ts";
import { fetchJson } from "./fetch_json.ts";

export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** The url `data` answers (a panel shows a stale page dimmed while the next one loads). */
  url: string | null;
}

export function usePolled<T>(url: string | null, trigger: number): Polled<T> {
  const [result, setResult] = useState<Polled<T>>({ data: null, error: null, url: null });
  const inFlight = useRef(false);
  const wanted = useRef<string | null>(null);
  // Bumped when an answer comes for a url no longer wanted: the wanted one is asked for at
  // once rather than at the next tick, which a finished capture may never send.
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    wanted.current = url;
    if (url === null || inFlight.current) return;
    inFlight.current = true;
    const controller = new AbortController();
    fetchJson<T>(url, controller.signal).then(
      (data) => {
        if (wanted.current === url) setResult({ data, error: null, url });
      },
      (error: Error) => {
        if (error.name !== "AbortError" && wanted.current === url) {
          setResult((r) => ({ data: r.data, error: error.message, url: r.url }));
        }
      },
    ).finally(() => {
      inFlight.current = false;
      if (wanted.current !== url) setRetry((n) => n + 1);
    });
    return () => {
      // A new url makes the old answer useless; a new tick for the same url lets it finish.
      if (wanted.current !== url) controller.abort();
    };
  }, [url, trigger, retry]);
  return result;
}
