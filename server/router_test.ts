import assert from "node:assert/strict";
import { HttpError } from "./http_error.ts";
import { jsonResponse } from "./json_response.ts";
import { Router } from "./router.ts";

const req = (path: string, method = "GET") => new Request(`http://localhost${path}`, { method });

function router(errors: unknown[] = []): Router {
  return new Router((e) => errors.push(e))
    .add("/a", ({ url, pretty }) => jsonResponse({ path: url.pathname }, { pretty }))
    .add("/write", () => new Response("ok"), { methods: ["POST", "PUT"] })
    .add("/files/", ({ url }) => new Response(url.pathname), { prefix: true })
    .add("/teapot", () => {
      throw new HttpError(418, "Cannot brew coffee: I am a teapot");
    })
    .add("/boom", () => {
      throw new Error("disk on fire");
    });
}

Deno.test("Router dispatches exact paths and forgives one trailing slash", async () => {
  assert.deepEqual(await (await router().handle(req("/a"))).json(), { path: "/a" });
  assert.equal((await router().handle(req("/a/"))).status, 200);
});

Deno.test("Router dispatches prefix routes by path start", async () => {
  assert.equal(await (await router().handle(req("/files/x/y.js"))).text(), "/files/x/y.js");
});

Deno.test("Router answers an unknown path with a 404 JSON error naming the path", async () => {
  const res = await router().handle(req("/nope"));
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), {
    error: { status: 404, message: "Cannot find /nope: no such endpoint" },
  });
});

Deno.test("Router answers a wrong method with 405 and an Allow header listing HEAD with GET", async () => {
  const res = await router().handle(req("/a", "DELETE"));
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD");
  assert.match((await res.json()).error.message, /^Cannot DELETE \/a: method not allowed/);

  const post = await router().handle(req("/write", "GET"));
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "POST, PUT");
});

Deno.test("Router answers HEAD like GET without a body", async () => {
  const res = await router().handle(req("/a", "HEAD"));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(res.body, null);
});

Deno.test("Router turns an HttpError into its response and hides other errors behind a 500", async () => {
  const errors: unknown[] = [];
  const r = router(errors);
  assert.equal((await r.handle(req("/teapot"))).status, 418);
  assert.equal(errors.length, 0, "an HttpError is not unexpected");
  const res = await r.handle(req("/boom"));
  assert.equal(res.status, 500);
  assert.doesNotMatch(await res.text(), /disk on fire/);
  assert.equal(errors.length, 1, "the unexpected error reaches the hook");
});

Deno.test("Router pretty-prints errors for ?pretty", async () => {
  assert.match(await (await router().handle(req("/nope?pretty"))).text(), /^\{\n {2}"error"/);
});
