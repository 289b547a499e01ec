/** @jsxImportSource npm:preact@10 */
/** The dashboard's entry point (bundled into dist/app.js by build.ts). */

import { Dashboard } from "./components/dashboard.tsx";
import { render } from "./deps.ts";
import { DashboardStore } from "./lib/dashboard_store.ts";
import { applyThemeChoice, loadThemeChoice } from "./lib/theme.ts";

// Before the first paint, so a saved theme does not flash the system one.
applyThemeChoice(loadThemeChoice());
render(<Dashboard store={new DashboardStore()} />, document.getElementById("app")!);
