import assert from "node:assert/strict";
import { CONTENT_SECURITY_POLICY, createStaticAssets, staticAssets } from "./assets.ts";

const FILES = {
  "/": { body: '<script src="/assets/app.js?v=%VERSION%"></script>', contentType: "text/html" },
  "/assets/app.js": { body: "console.log(1)", contentType: "text/javascript" },
};

function get(path: string, headers: HeadersInit = {}, method = "GET"): Request {
  return new Request(`http://localhost${path}`, { method, headers });
}

Deno.test("staticAssets serves the page, script, styles and icon with their content types", async () => {
  for (
    const [path, type] of [
      ["/", "text/html"],
      ["/assets/app.js", "text/javascript"],
      ["/assets/app.css", "text/css"],
      ["/assets/icon.svg", "image/svg+xml"],
    ]
  ) {
    const response = (await staticAssets(get(path!), path!))!;
    assert.equal(response.status, 200, path);
    assert.ok(response.headers.get("content-type")!.startsWith(type!), path);
    assert.equal(response.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.ok((await response.arrayBuffer()).byteLength > 0);
  }
});

Deno.test("staticAssets answers null for a file it does not have", async () => {
  assert.equal(await staticAssets(get("/assets/nope.js"), "/assets/nope.js"), null);
});

Deno.test("the page names its files by content version, and versioned files are immutable", async () => {
  const assets = await createStaticAssets(FILES);
  const html = await (await assets(get("/"), "/"))!.text();
  const version = /v=([0-9a-f]{16})/.exec(html)?.[1];
  assert.ok(version, html);
  const pinned = (await assets(get(`/assets/app.js?v=${version}`), "/assets/app.js"))!;
  assert.match(pinned.headers.get("cache-control")!, /immutable/);
  const bare = (await assets(get("/assets/app.js"), "/assets/app.js"))!;
  assert.equal(bare.headers.get("cache-control"), "no-cache");
  const page = (await assets(get("/"), "/"))!;
  assert.equal(page.headers.get("cache-control"), "no-cache");
});

Deno.test("staticAssets answers 304 to a matching If-None-Match, weak or in a list", async () => {
  const assets = await createStaticAssets(FILES);
  const etag = (await assets(get("/"), "/"))!.headers.get("etag")!;
  for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
    const response = (await assets(get("/", { "if-none-match": header }), "/"))!;
    assert.equal(response.status, 304, header);
    assert.equal(response.body, null);
    assert.equal(response.headers.get("etag"), etag);
  }
  const changed = (await assets(get("/", { "if-none-match": '"other"' }), "/"))!;
  assert.equal(changed.status, 200);
  await changed.body?.cancel();
});

Deno.test("staticAssets answers HEAD with GET's headers and no body", async () => {
  const assets = await createStaticAssets(FILES);
  const response = (await assets(get("/assets/app.js", {}, "HEAD"), "/assets/app.js"))!;
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-length"), "14");
  assert.equal(response.body, null);
});

Deno.test("the Content-Security-Policy allows nothing inline and nothing from elsewhere", () => {
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe/);
});
