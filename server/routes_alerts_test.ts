import assert from "node:assert/strict";
import { History } from "../store/history.ts";
import { AlertRecorder } from "../store/alert_recorder.ts";
import type { Alert } from "../alerts/alert.ts";
import { HistoryAlertDesk } from "./alert_desk.ts";
import { AlertFeed } from "./alert_feed.ts";
import { createHandler } from "./handler.ts";
import { SseHub } from "./sse_hub.ts";
import { RUNNING } from "./_test_server.ts";
import { StatsEngine } from "../stats/engine.ts";
import type { StoredMute } from "../store/mute_store.ts";
import { CSV_HEADER } from "./routes_alerts.ts";

const NOW = 1_750_000_000_000;

function setup() {
  const history = new History({ path: ":memory:" });
  const engine = new StatsEngine({ hashSeed: 1 });
  const hub = new SseHub({ engine, status: () => RUNNING });
  const recorder = new AlertRecorder(history.alerts, [new AlertFeed(hub)]);
  const muted: StoredMute[] = [];
  const desk = new HistoryAlertDesk({
    history,
    recorder,
    now: () => NOW,
    onMute: (m) => muted.push(m),
  });
  const handle = createHandler({ engine, hub, status: () => RUNNING, alerts: desk });
  const call = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.json !== undefined && !headers.has("content-type")) {
      headers.set("content-type", "application/json");
    }
    return handle(
      new Request(`http://127.0.0.1:8787${path}`, {
        ...init,
        headers,
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      }),
    );
  };
  return { history, recorder, hub, desk, call, muted };
}

function detectorAlert(id: number, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    rule: "port_scan.vertical",
    severity: "warning",
    origin: "detector",
    subject: { kind: "host", key: `10.0.0.${id}`, addresses: [`10.0.0.${id}`] },
    message: `scan ${id}, "quoted", with comma`,
    evidence: { ports: id * 10 },
    firstSeenMs: NOW - 100_000 + id,
    lastSeenMs: NOW - 100_000 + id * 1000,
    count: 1,
    acknowledgedMs: null,
    ...overrides,
  };
}

Deno.test("GET /api/alerts filters by severity, rule, subject, since and acknowledgement", async () => {
  const { recorder, call } = setup();
  recorder.raise(detectorAlert(1));
  recorder.raise(detectorAlert(2, { severity: "critical", rule: "syn_flood" }));
  recorder.raise(detectorAlert(3, { severity: "info" }));
  const ids = async (query: string) => {
    const response = await call(`/api/alerts${query}`);
    assert.equal(response.status, 200, query);
    const body = await response.json();
    assert.equal(body.count, body.alerts.length);
    return body.alerts.map((a: Alert) => a.id);
  };
  assert.deepEqual(await ids(""), [3, 2, 1]);
  assert.deepEqual(await ids("?severity=warning,critical"), [2, 1]);
  assert.deepEqual(await ids("?rule=syn_flood"), [2]);
  assert.deepEqual(await ids("?subject=10.0.0.3"), [3]);
  assert.deepEqual(await ids(`?since=${NOW - 100_000 + 2000}`), [3, 2]);
  assert.deepEqual(await ids(`?since=${new Date(NOW - 100_000 + 2500).toISOString()}`), [3]);
  assert.deepEqual(await ids("?limit=1"), [3]);
  await call("/api/alerts/2", { method: "PATCH", json: { acknowledged: true } });
  assert.deepEqual(await ids("?acknowledged=true"), [2]);
  assert.deepEqual(await ids("?acknowledged=false"), [3, 1]);
});

Deno.test("GET /api/alerts refuses bad parameters with a 400 naming them", async () => {
  const { call } = setup();
  for (
    const [query, parameter] of [
      ["?severity=loud", "severity"],
      ["?since=yesterday", "since"],
      ["?format=xml", "format"],
      ["?limit=0", "limit"],
      ["?limit=20000", "limit"],
      ["?acknowledged=maybe", "acknowledged"],
      ["?sevrity=info", "sevrity"],
    ]
  ) {
    const response = await call(`/api/alerts${query}`);
    assert.equal(response.status, 400, query);
    const body = await response.json();
    assert.equal(body.error.parameter, parameter, query);
  }
});

Deno.test("GET /api/alerts?format=csv is RFC 4180 with a header row, and ndjson one alert a line", async () => {
  const { recorder, call } = setup();
  for (let id = 1; id <= 1200; id++) recorder.raise(detectorAlert(id, { lastSeenMs: NOW }));
  const csv = await call("/api/alerts?format=csv&rule=port_scan.vertical");
  assert.match(csv.headers.get("content-type")!, /^text\/csv/);
  const text = await csv.text();
  const lines = text.split("\r\n");
  assert.equal(lines.at(-1), "", "every record ends in CRLF");
  assert.equal(lines[0], CSV_HEADER.join(","));
  assert.equal(lines.length - 2, 1200, "streamed past one page (500)");
  assert.equal(
    lines[1],
    `1200,port_scan.vertical,warning,detector,host,10.0.0.1200,10.0.0.1200,` +
      `"scan 1200, ""quoted"", with comma",${new Date(NOW - 100_000 + 1200).toISOString()},` +
      `${new Date(NOW).toISOString()},1,,"{""ports"":12000}"`,
  );
  const nd = await call("/api/alerts?format=ndjson&limit=700");
  assert.equal(nd.headers.get("content-type"), "application/x-ndjson");
  const records = (await nd.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(records.length, 700);
  assert.equal(records[0].id, 1200);
  assert.equal(records[699].id, 501);
});

Deno.test("POST /api/alerts makes an alert by hand and the page hears of it", async () => {
  const { call, hub, history } = setup();
  const stream = hub.connect();
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  const response = await call("/api/alerts", {
    method: "POST",
    headers: { "sec-fetch-site": "same-origin" },
    json: {
      severity: "critical",
      subject: "10.0.0.66",
      message: "Printer talks to a botnet",
      evidence: { seen: 3 },
    },
  });
  assert.equal(response.status, 201);
  const { alert } = await response.json();
  assert.equal(alert.origin, "manual");
  assert.equal(alert.rule, "manual");
  assert.equal(alert.firstSeenMs, NOW);
  assert.deepEqual(history.alerts.get(alert.id)?.subject, {
    kind: "host",
    key: "10.0.0.66",
    addresses: ["10.0.0.66"],
  });
  let received = "";
  while (!received.includes("event: alert")) received += (await reader.read()).value ?? "";
  assert.match(received, /"message":"Printer talks to a botnet"/);
  await reader.cancel();
  hub.close();
});

Deno.test("POST /api/alerts refuses bad bodies with a 400 naming the field", async () => {
  const { call } = setup();
  const bad: [unknown, string][] = [
    [{ severity: "loud", subject: "x", message: "m" }, "severity"],
    [{ severity: "info", subject: "", message: "m" }, "subject"],
    [{ severity: "info", subject: "x", message: "" }, "message"],
    [{ severity: "info", subject: "x", message: "m", rule: "Bad Rule!" }, "rule"],
    [{ severity: "info", subject: "x", message: "m", evidence: { a: { deep: 1 } } }, "evidence"],
    [{ severity: "info", subject: "x", message: "m", colour: "red" }, "colour"],
  ];
  for (const [json, field] of bad) {
    const response = await call("/api/alerts", { method: "POST", json });
    assert.equal(response.status, 400, field);
    assert.equal((await response.json()).error.parameter, field);
  }
  const notJson = await call("/api/alerts", {
    method: "POST",
    body: "{nope",
    headers: { "content-type": "application/json" },
  });
  assert.equal(notJson.status, 400);
});

Deno.test("writes need the same origin: cross-site and foreign-origin requests and forms get 403/415", async () => {
  const { call, history } = setup();
  const json = { severity: "info", subject: "x", message: "m" };
  const crossSite = await call("/api/alerts", {
    method: "POST",
    json,
    headers: { "sec-fetch-site": "cross-site" },
  });
  assert.equal(crossSite.status, 403);
  const foreign = await call("/api/alerts", {
    method: "POST",
    json,
    headers: { origin: "http://evil.example" },
  });
  assert.equal(foreign.status, 403);
  const form = await call("/api/alerts", {
    method: "POST",
    body: "severity=info",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(form.status, 415);
  assert.equal(history.alerts.list().length, 0, "nothing was written");
  const own = await call("/api/alerts", {
    method: "POST",
    json,
    headers: { origin: "http://127.0.0.1:8787" },
  });
  assert.equal(own.status, 201);
  const typed = await call("/api/alerts", {
    method: "POST",
    json,
    headers: { "sec-fetch-site": "none" },
  });
  assert.equal(typed.status, 201);
});

Deno.test("PATCH /api/alerts/ID acknowledges, mutes with an expiry, and refuses what it cannot do", async () => {
  const { recorder, call, muted, history } = setup();
  recorder.raise(detectorAlert(1));
  recorder.raise(detectorAlert(2, {
    rule: "dns_tunnel",
    subject: { kind: "pair", key: "10.0.0.1 -> 10.0.0.53", addresses: ["10.0.0.1", "10.0.0.53"] },
  }));
  const ack = await call("/api/alerts/1", { method: "PATCH", json: { acknowledged: true } });
  assert.equal((await ack.json()).alert.acknowledgedMs, NOW);
  const unack = await call("/api/alerts/1", { method: "PATCH", json: { acknowledged: false } });
  assert.equal((await unack.json()).alert.acknowledgedMs, null);

  const mute = await call("/api/alerts/2", {
    method: "PATCH",
    json: { mute: { scope: "pair", minutes: 60 } },
  });
  assert.equal(mute.status, 200);
  const body = await mute.json();
  assert.deepEqual(body.mute.pair, { client: "10.0.0.1", server: "10.0.0.53" });
  assert.equal(body.mute.untilMs, NOW + 3_600_000);
  assert.equal(muted.length, 1, "handed to the running engine");
  assert.equal(history.mutes.active(NOW).length, 1, "and kept");

  const wrongScope = await call("/api/alerts/1", {
    method: "PATCH",
    json: { mute: { scope: "pair" } },
  });
  assert.equal(wrongScope.status, 409);
  assert.equal(
    (await call("/api/alerts/99", { method: "PATCH", json: { acknowledged: true } })).status,
    404,
  );
  assert.equal(
    (await call("/api/alerts/1", { method: "PATCH", json: { acknowledged: "yes" } })).status,
    400,
  );
  assert.equal(
    (await call("/api/alerts/1", { method: "PATCH", json: { mute: { scope: "all" } } })).status,
    400,
  );
  assert.equal((await call("/api/alerts/1", { method: "PATCH", json: {} })).status, 400);
  assert.equal((await call("/api/alerts/x", { method: "PATCH", json: {} })).status, 404);
  assert.equal((await call("/api/alerts/1", { method: "DELETE" })).status, 405);
  const cross = await call("/api/alerts/1", {
    method: "PATCH",
    json: { acknowledged: true },
    headers: { "sec-fetch-site": "same-site" },
  });
  assert.equal(cross.status, 403);
});

Deno.test("GET /api/alerts/summary counts what is open and what notifications did", async () => {
  const { recorder, call, history } = setup();
  recorder.raise(detectorAlert(1, { severity: "critical" }));
  recorder.raise(detectorAlert(2, { severity: "critical" }));
  recorder.raise(detectorAlert(3, { severity: "info" }));
  history.outbox.giveUp(
    history.outbox.enqueue("hook", "{}", NOW),
    'webhook "hook" answered HTTP 500',
  );
  const summary = await (await call("/api/alerts/summary")).json();
  assert.deepEqual(summary.unacknowledged, { info: 1, warning: 0, critical: 2 });
  assert.deepEqual(summary.notifications, {
    pending: 0,
    sent: 0,
    failed: 1,
    lastError: 'webhook "hook" answered HTTP 500',
  });
  assert.equal(summary.persistent, false);
  assert.equal((await (await call("/api/alerts/3")).json()).alert.severity, "info");
});
