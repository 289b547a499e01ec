/** Subscribe a component to the alerts store: it re-renders on every change. */

import { useEffect, useReducer } from "../deps.ts";
import type { AlertsStore, AlertsView } from "./alerts_store.ts";

export function useAlerts(store: AlertsStore): AlertsView {
  const [, bump] = useReducer((n: number, _: undefined) => n + 1, 0);
  useEffect(() => store.subscribe(() => bump(undefined)), [store]);
  return store.view;
}
