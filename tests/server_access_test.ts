/**
 * The dashboard beyond loopback, over real sockets: bound to an address of a veth pair the test
 * makes, wirescope asks for the token it printed (Bearer for programs, a cookie from /login for
 * the page), holds back an address that guesses, refuses oversized requests, and speaks HTTPS
 * with HSTS when given a certificate. Every bound is met over a socket, not a `new Request`.
 */
import assert from "node:assert/strict";
import { liveUnavailableReason, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";
import { startServedCli } from "./support/served_cli.ts";
import { MAX_FAILURES } from "../server/failed_logins.ts";
import {
  MAX_HEADER_BYTES,
  MAX_REQUEST_BODY_BYTES,
  MAX_URL_BYTES,
  TOKEN_COOKIE,
} from "../server/access_guard.ts";
import { captureNames, capturePath } from "./support/captures.ts";
import { HEADER_READ_TIMEOUT_MS } from "../server/connection_gate.ts";
import { MAX_SSE_CLIENTS } from "../server/sse_hub.ts";

const unavailable = liveUnavailableReason();
if (unavailable && Deno.env.get("CI")) {
  throw new Error(`Access tests cannot run in CI: ${unavailable}`);
}

const FILE = capturePath(captureNames()[0]!);

/** One veth pair for the file: its root-side address is the "LAN" address wirescope binds. */
let network: TestNetwork | undefined;
async function lanAddress(): Promise<string> {
  network ??= await TestNetwork.create();
  return ROOT_ADDRESS;
}
const options = { ignore: unavailable !== undefined, sanitizeResources: false, sanitizeOps: false };

function printedToken(stderr: string): string {
  const match = /asks for this token \(shown once; or set --token-file\): (\S+)/.exec(stderr);
  assert.ok(match, `no token printed:\n${stderr}`);
  return match[1]!;
}

Deno.test({
  name: "bound beyond loopback, wirescope asks for the token it printed once",
  ...options,
  async fn() {
    await lanAddress();
    const served = await startServedCli([
      "-r",
      FILE,
      "--no-db",
      "--bind",
      ROOT_ADDRESS,
      "--port",
      "0",
    ], {
      WIRESCOPE_TOKEN: "",
    });
    try {
      assert.equal(served.url, `http://${ROOT_ADDRESS}:${served.port}/`);
      await served.printed(/asks for this token/);
      const token = printedToken(served.stderr());
      assert.equal(served.stderr().split(token).length, 2, "the token is printed once");
      assert.doesNotMatch(served.stderr(), /without a login/);

      const denied = await fetch(`${served.url}stats`);
      assert.equal(denied.status, 401);
      assert.equal(denied.headers.get("www-authenticate"), 'Bearer realm="wirescope"');
      await denied.body?.cancel();
      const bearer = { authorization: `Bearer ${token}` };
      // The file is read once the privileges are dropped: ask after it has been.
      await served.printed(/read [\d,]+ packets/);
      const stats = await fetch(`${served.url}stats`, { headers: bearer });
      assert.equal(stats.status, 200);
      assert.ok((await stats.json()).packets > 0);
      const metrics = await fetch(`${served.url}metrics`, { headers: bearer });
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /wirescope_build_info/);

      // The page: a login form, then the dashboard with the cookie /login sets.
      const page = await fetch(served.url, { headers: { accept: "text/html" } });
      assert.equal(page.status, 401);
      assert.match(await page.text(), /action="\/login"/);
      const login = await fetch(`${served.url}login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token }),
      });
      assert.equal(login.status, 303);
      const cookie = login.headers.get("set-cookie")!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.doesNotMatch(cookie, /Secure/);
      await login.body?.cancel();
      const dashboard = await fetch(served.url, {
        headers: { accept: "text/html", cookie: cookie.split(";")[0]! },
      });
      assert.equal(dashboard.status, 200);
      assert.match(await dashboard.text(), /<script[^>]+src="\/assets\//);
    } finally {
      await served.stop();
    }
  },
});

Deno.test({
  name: "wrong tokens from one address get 429 with Retry-After, over a socket",
  ...options,
  async fn() {
    await lanAddress();
    const dir = await Deno.makeTempDir({ prefix: "wirescope-token-" });
    const token = "a-token-from-a-file-0123456789";
    await Deno.writeTextFile(`${dir}/token`, `${token}\n`);
    const served = await startServedCli([
      "-r",
      FILE,
      "--no-db",
      "--bind",
      ROOT_ADDRESS,
      "--port",
      "0",
      "--token-file",
      `${dir}/token`,
    ]);
    try {
      assert.doesNotMatch(served.stderr(), /asks for this token/);
      const attempt = async (given: string) => {
        const response = await fetch(`${served.url}stats`, {
          headers: { authorization: `Bearer ${given}` },
        });
        await response.body?.cancel();
        return response;
      };
      assert.equal((await attempt(token)).status, 200);
      for (let i = 0; i < MAX_FAILURES; i++) assert.equal((await attempt(`guess${i}`)).status, 401);
      const held = await attempt(token);
      assert.equal(held.status, 429);
      assert.ok(Number(held.headers.get("retry-after")) > 0);
    } finally {
      await served.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Sends raw bytes and returns the status line's code (HTTP/1.1, one request). */
async function rawStatus(port: number, request: string): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const bytes = new TextEncoder().encode(request);
    for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer);
    const line = new TextDecoder().decode(buffer.subarray(0, n ?? 0)).split("\r\n")[0]!;
    return Number(line.split(" ")[1]);
  } finally {
    conn.close();
  }
}

Deno.test({
  name: "request target, headers and bodies past their bounds are refused over a socket",
  ...options,
  async fn() {
    const served = await startServedCli(["-r", FILE, "--no-db", "--port", "0"]);
    const host = `Host: 127.0.0.1:${served.port}\r\n`;
    try {
      const longTarget = `/stats?x=${"a".repeat(MAX_URL_BYTES)}`;
      assert.equal(await rawStatus(served.port, `GET ${longTarget} HTTP/1.1\r\n${host}\r\n`), 414);
      const padding = `X-Padding: ${"a".repeat(MAX_HEADER_BYTES)}\r\n`;
      assert.equal(
        await rawStatus(served.port, `GET /stats HTTP/1.1\r\n${host}${padding}\r\n`),
        431,
      );
      const body = "a".repeat(MAX_REQUEST_BODY_BYTES + 1);
      assert.equal(
        await rawStatus(
          served.port,
          `POST /api/alerts HTTP/1.1\r\n${host}Content-Type: application/json\r\n` +
            `Content-Length: ${body.length}\r\n\r\n${body}`,
        ),
        413,
      );
      // Chunked: no length announced, counted as it arrives.
      const chunk = "a".repeat(16_384);
      const chunks = Array.from(
        { length: MAX_REQUEST_BODY_BYTES / chunk.length + 1 },
        () => `4000\r\n${chunk}\r\n`,
      ).join("");
      assert.equal(
        await rawStatus(
          served.port,
          `POST /api/alerts HTTP/1.1\r\n${host}Content-Type: application/json\r\n` +
            `Transfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`,
        ),
        413,
      );
      // Loopback asks for no token, and every answer carries the security headers.
      const ok = await fetch(`${served.url}stats`);
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get("x-content-type-options"), "nosniff");
      assert.equal(ok.headers.get("x-frame-options"), "DENY");
      assert.equal(ok.headers.get("referrer-policy"), "no-referrer");
      assert.match(ok.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
      await ok.body?.cancel();
    } finally {
      await served.stop();
    }
  },
});

Deno.test({
  name: "--tls-cert and --tls-key serve HTTPS with HSTS and a Secure cookie",
  ...options,
  async fn() {
    await lanAddress();
    const dir = await Deno.makeTempDir({ prefix: "wirescope-tls-" });
    const openssl = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=wirescope test",
        "-addext",
        `subjectAltName=IP:${ROOT_ADDRESS}`,
        // Trusted as it is, not as a CA: rustls refuses a CA certificate as a server's own.
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-keyout",
        `${dir}/key.pem`,
        "-out",
        `${dir}/cert.pem`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.ok(openssl.success, new TextDecoder().decode(openssl.stderr));
    // Only root may read the key: wirescope reads it before it drops to another user.
    await Deno.chmod(`${dir}/key.pem`, 0o600);
    const served = await startServedCli([
      "-r",
      FILE,
      "--no-db",
      "--bind",
      ROOT_ADDRESS,
      "--port",
      "0",
      "--tls-cert",
      `${dir}/cert.pem`,
      "--tls-key",
      `${dir}/key.pem`,
    ], { WIRESCOPE_TOKEN: "a-token-from-the-environment" });
    const client = Deno.createHttpClient({ caCerts: [await Deno.readTextFile(`${dir}/cert.pem`)] });
    try {
      assert.equal(served.url, `https://${ROOT_ADDRESS}:${served.port}/`);
      const stats = await fetch(`${served.url}stats`, {
        client,
        headers: { authorization: "Bearer a-token-from-the-environment" },
      });
      assert.equal(stats.status, 200);
      assert.equal(stats.headers.get("strict-transport-security"), "max-age=31536000");
      await stats.body?.cancel();
      const login = await fetch(`${served.url}login`, {
        client,
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ token: "a-token-from-the-environment" }),
      });
      assert.equal(login.status, 303);
      assert.match(login.headers.get("set-cookie")!, new RegExp(`^${TOKEN_COOKIE}=.*; Secure`));
      await login.body?.cancel();
      // Plain HTTP to the TLS port gets no answer.
      await assert.rejects(fetch(`http://${ROOT_ADDRESS}:${served.port}/stats`));
    } finally {
      client.close();
      await served.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "exposed, a client that does not finish its request head is dropped in time",
  ...options,
  async fn() {
    const address = await lanAddress();
    const served = await startServedCli([
      "-r",
      FILE,
      "--no-db",
      "--bind",
      address,
      "--port",
      "0",
    ], { WIRESCOPE_TOKEN: "a-token-from-the-environment" });
    try {
      const slow = await Deno.connect({ hostname: address, port: served.port });
      await slow.write(new TextEncoder().encode(`GET /stats HTTP/1.1\r\nHost: ${address}\r\n`));
      const started = performance.now();
      const n = await slow.read(new Uint8Array(1024)).catch(() => null);
      const waited = performance.now() - started;
      slow.close();
      assert.equal(n, null, "closed without an answer");
      assert.ok(
        waited > HEADER_READ_TIMEOUT_MS - 1000 && waited < HEADER_READ_TIMEOUT_MS + 5000,
        `closed after ${Math.round(waited)} ms`,
      );
      // The server itself is fine.
      const ok = await fetch(`${served.url}healthz`, {
        headers: { authorization: "Bearer a-token-from-the-environment" },
      });
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    } finally {
      await served.stop();
    }
  },
});

Deno.test({
  name: "past MAX_SSE_CLIENTS event streams the next gets 503 with Retry-After, over a socket",
  ...options,
  async fn() {
    const served = await startServedCli(["-r", FILE, "--no-db", "--port", "0"]);
    const streams: Response[] = [];
    try {
      for (let i = 0; i < MAX_SSE_CLIENTS; i++) {
        const response = await fetch(`${served.url}events`);
        assert.equal(response.status, 200, `stream ${i}`);
        streams.push(response);
      }
      const refused = await fetch(`${served.url}events`);
      assert.equal(refused.status, 503);
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
      assert.match((await refused.json()).error.message, /clients already connected/);
      // One leaves: a new client is let in.
      await streams.pop()!.body?.cancel();
      let again: Response | undefined;
      for (let i = 0; i < 50; i++) {
        again = await fetch(`${served.url}events`);
        if (again.status === 200) break;
        await again.body?.cancel();
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(again?.status, 200);
      streams.push(again!);
    } finally {
      for (const stream of streams) await stream.body?.cancel().catch(() => {});
      await served.stop();
    }
  },
});

Deno.test({
  name: "the test network is removed",
  ...options,
  async fn() {
    await network?.close();
    network = undefined;
  },
});
