/** Subscribe a component to the store: it re-renders on every notification. */

import { useEffect, useReducer } from "../deps.ts";
import type { DashboardStore, ViewState } from "./dashboard_store.ts";

export function useStore(store: DashboardStore): ViewState {
  const [, bump] = useReducer((n: number, _: undefined) => n + 1, 0);
  useEffect(() => store.subscribe(() => bump(undefined)), [store]);
  return store.view;
}
