/**
 * What keeping alerts costs the main thread: one alert committed to the history database (a
 * file in WAL mode, as a served run uses), one fold written over it, one notification queued in
 * the outbox, and one minute of the series kept. `deno task bench:micro` runs it.
 */
import { History } from "../store/history.ts";
import { testAlert } from "../store/_test_alert.ts";

const dir = Deno.makeTempDirSync({ prefix: "wirescope-history-bench-" });
const history = new History({ path: `${dir}/history.db` });
const { id: _, ...fields } = testAlert();
let fold = 0;
const folded = history.alerts.create(fields);

Deno.bench("history: commit a new alert (WAL file)", () => {
  history.alerts.create(fields);
});

Deno.bench("history: write a fold over an alert", () => {
  history.alerts.update({ ...folded, count: ++fold, lastSeenMs: folded.lastSeenMs + fold });
});

Deno.bench("history: queue a notification in the outbox", () => {
  history.outbox.enqueue("hook", '{"source":"wirescope","kind":"alert","alerts":[]}', fold++);
});

Deno.bench("history: list the newest 200 alerts (the page's read)", () => {
  history.alerts.list({ limit: 200 });
});

globalThis.addEventListener("unload", () => {
  history.close();
  Deno.removeSync(dir, { recursive: true });
});
