import assert from "node:assert/strict";
import {
  guardAccess,
  MAX_HEADER_BYTES,
  MAX_REQUEST_BODY_BYTES,
  MAX_URL_BYTES,
  TOKEN_COOKIE,
} from "./access_guard.ts";
import { AccessToken } from "./access_token.ts";
import { FailedLogins, FAILURE_WINDOW_MS, MAX_FAILURES } from "./failed_logins.ts";

const TOKEN = "correct-horse-battery-staple";
const BASE = "http://192.0.2.1:8787";
const CLIENT = "192.0.2.7";

/** The wrapped handler answers 200 with the body it read, so a test sees what got through. */
async function inner(request: Request): Promise<Response> {
  return new Response(request.body ? await request.text() : "passed", { status: 200 });
}

function guarded(options: { token?: boolean; secure?: boolean; now?: () => number } = {}) {
  return guardAccess(inner, {
    ...(options.token === false ? {} : { token: new AccessToken(TOKEN) }),
    secure: options.secure ?? false,
    failures: new FailedLogins(options.now),
  });
}

Deno.test("guardAccess() without a token passes requests on, with security headers", async () => {
  const response = await guarded({ token: false })(new Request(`${BASE}/stats`), CLIENT);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "passed");
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(response.headers.get("referrer-policy"), "no-referrer");
  assert.equal(response.headers.get("x-frame-options"), "DENY");
  assert.match(response.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
  assert.equal(response.headers.get("strict-transport-security"), null);
});

Deno.test("guardAccess() under TLS adds HSTS", async () => {
  const handle = guarded({ token: false, secure: true });
  const response = await handle(new Request(`${BASE}/stats`), CLIENT);
  assert.equal(response.headers.get("strict-transport-security"), "max-age=31536000");
});

Deno.test("guardAccess() refuses targets, headers and bodies past their bounds", async () => {
  const handle = guarded({ token: false });
  const longUrl = await handle(new Request(`${BASE}/stats?x=${"a".repeat(MAX_URL_BYTES)}`), CLIENT);
  assert.equal(longUrl.status, 414);
  const atUrlBound = `${BASE}/stats?x=${"a".repeat(MAX_URL_BYTES - "/stats?x=".length)}`;
  assert.equal((await handle(new Request(atUrlBound), CLIENT)).status, 200);
  const bigHeaders = new Request(`${BASE}/stats`, {
    headers: { "x-padding": "a".repeat(MAX_HEADER_BYTES) },
  });
  assert.equal((await handle(bigHeaders, CLIENT)).status, 431);
  const post = (body: BodyInit) =>
    new Request(`${BASE}/api/alerts`, { method: "POST", body, headers: {} });
  assert.equal((await handle(post("a".repeat(MAX_REQUEST_BODY_BYTES + 1)), CLIENT)).status, 413);
  const atBound = await handle(post("a".repeat(MAX_REQUEST_BODY_BYTES)), CLIENT);
  assert.equal(atBound.status, 200);
  assert.equal((await atBound.text()).length, MAX_REQUEST_BODY_BYTES);
  // A streamed body announces no length: it is counted as it arrives.
  const chunk = new Uint8Array(16_384);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > MAX_REQUEST_BODY_BYTES) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const streamed = await handle(post(stream), CLIENT);
  assert.equal(streamed.status, 413);
  const body = await streamed.json();
  assert.match(body.error.message, /over 65536 bytes/);
});

Deno.test("guardAccess() with a token: the page gets a login, programs a 401 challenge", async () => {
  const handle = guarded();
  const page = await handle(
    new Request(`${BASE}/`, { headers: { accept: "text/html,application/xhtml+xml" } }),
    CLIENT,
  );
  assert.equal(page.status, 401);
  assert.match(page.headers.get("content-type")!, /text\/html/);
  const html = await page.text();
  assert.match(html, /<form method="post" action="\/login">/);
  assert.doesNotMatch(html, /<script/);
  const api = await handle(new Request(`${BASE}/stats`), CLIENT);
  assert.equal(api.status, 401);
  assert.equal(api.headers.get("www-authenticate"), 'Bearer realm="wirescope"');
  assert.equal(api.headers.get("x-content-type-options"), "nosniff");
  assert.match((await api.json()).error.message, /Bearer/);
});

Deno.test("guardAccess() lets the token in as a Bearer header or as its cookie", async () => {
  const handle = guarded();
  const bearer = new Request(`${BASE}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal((await handle(bearer, CLIENT)).status, 200);
  const cookie = new Request(`${BASE}/stats`, {
    headers: { cookie: `theme=dark; ${TOKEN_COOKIE}=${TOKEN}` },
  });
  assert.equal((await handle(cookie, CLIENT)).status, 200);
  const wrong = new Request(`${BASE}/stats`, { headers: { authorization: `Bearer ${TOKEN}x` } });
  assert.equal((await handle(wrong, CLIENT)).status, 401);
  const prefix = new Request(`${BASE}/stats`, {
    headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
  });
  assert.equal((await handle(prefix, CLIENT)).status, 401);
});

Deno.test("POST /login with the token sets an HttpOnly, SameSite=Strict cookie", async () => {
  for (const secure of [false, true]) {
    const handle = guarded({ secure });
    const response = await handle(
      new Request(`${BASE}/login`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "sec-fetch-site": "same-origin",
          origin: BASE,
        },
        body: new URLSearchParams({ token: TOKEN }).toString(),
      }),
      CLIENT,
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/");
    const cookie = response.headers.get("set-cookie")!;
    assert.ok(cookie.startsWith(`${TOKEN_COOKIE}=${TOKEN};`), cookie);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\//);
    assert.equal(/; Secure/.test(cookie), secure, cookie);
  }
  const wrong = await guarded()(
    new Request(`${BASE}/login`, { method: "POST", body: "token=guess" }),
    CLIENT,
  );
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("set-cookie"), null);
  assert.match(await wrong.text(), /not the token/);
});

Deno.test("guardAccess() refuses a write from another site even with the token", async () => {
  const handle = guarded();
  const write = (headers: Record<string, string>) =>
    new Request(`${BASE}/api/alerts`, {
      method: "POST",
      headers: {
        cookie: `${TOKEN_COOKIE}=${TOKEN}`,
        "content-type": "application/json",
        ...headers,
      },
      body: "{}",
    });
  assert.equal((await handle(write({ "sec-fetch-site": "cross-site" }), CLIENT)).status, 403);
  assert.equal((await handle(write({ "sec-fetch-site": "same-site" }), CLIENT)).status, 403);
  assert.equal((await handle(write({ origin: "http://evil.example" }), CLIENT)).status, 403);
  assert.equal((await handle(write({ "sec-fetch-site": "same-origin" }), CLIENT)).status, 200);
  assert.equal((await handle(write({ origin: BASE }), CLIENT)).status, 200);
  // A cross-site login form would plant the attacker's session: refused the same way.
  const login = new Request(`${BASE}/login`, {
    method: "POST",
    headers: { "sec-fetch-site": "cross-site" },
    body: `token=${TOKEN}`,
  });
  assert.equal((await handle(login, CLIENT)).status, 403);
});

Deno.test("guardAccess() refuses an address after MAX_FAILURES wrong tokens, until its window ends", async () => {
  let now = 1_000_000;
  const handle = guarded({ now: () => now });
  const attempt = (token: string, client = CLIENT) =>
    handle(new Request(`${BASE}/stats`, { headers: { authorization: `Bearer ${token}` } }), client);
  for (let i = 0; i < MAX_FAILURES; i++) assert.equal((await attempt("guess")).status, 401);
  const refused = await attempt(TOKEN);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after"), String(FAILURE_WINDOW_MS / 1000));
  // Another address is not held back by this one's failures.
  assert.equal((await attempt(TOKEN, "192.0.2.8")).status, 200);
  now += FAILURE_WINDOW_MS;
  assert.equal((await attempt(TOKEN)).status, 200);
  // Requests without any token are no failed attempts: a page load before login is not one.
  for (let i = 0; i < 2 * MAX_FAILURES; i++) {
    assert.equal((await handle(new Request(`${BASE}/stats`), CLIENT)).status, 401);
  }
  assert.equal((await attempt(TOKEN)).status, 200);
});

Deno.test("guardAccess() under TLS takes the https origin as this one's", async () => {
  // Behind the TLS-ending gate the request URL is http; the browser's Origin is https.
  const handle = guarded({ secure: true });
  const write = (origin: string) =>
    new Request(`${BASE}/api/alerts`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, origin },
      body: "{}",
    });
  assert.equal((await handle(write(BASE.replace("http:", "https:")), CLIENT)).status, 200);
  assert.equal((await handle(write(BASE), CLIENT)).status, 403);
});
