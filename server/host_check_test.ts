import assert from "node:assert/strict";
import { loopbackHostCheck } from "./host_check.ts";
import { testServer } from "./_test_server.ts";

Deno.test("loopbackHostCheck() accepts loopback names with the right port only", () => {
  const ok = loopbackHostCheck("127.0.0.1", 8787)!;
  for (
    const host of ["127.0.0.1:8787", "localhost:8787", "LOCALHOST:8787", "[::1]:8787", "127.0.0.1"]
  ) {
    assert.equal(ok(host), true, host);
  }
  for (
    const host of [
      "evil.example:8787",
      "evil.example",
      "127.0.0.1:9999",
      "127.0.0.1.evil.example:8787",
    ]
  ) {
    assert.equal(ok(host), false, host);
  }
  assert.equal(ok(null), true);
});

Deno.test("loopbackHostCheck() checks nothing when the user bound a non-loopback address", () => {
  assert.equal(loopbackHostCheck("0.0.0.0", 8787), undefined);
  assert.equal(loopbackHostCheck("192.0.2.7", 8787), undefined);
  assert.notEqual(loopbackHostCheck("::1", 8787), undefined);
  assert.equal(loopbackHostCheck("::1", 8787)!("[::1]:8787"), true);
});

Deno.test("a handler bound to loopback answers a foreign Host with a 421 JSON error", async () => {
  const server = testServer({ allowedHost: loopbackHostCheck("127.0.0.1", 80)! });
  const ok = await server.handle(
    new Request("http://127.0.0.1/stats", { headers: { host: "localhost:80" } }),
  );
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const refused = await server.handle(
    new Request("http://127.0.0.1/stats", { headers: { host: "attacker.example" } }),
  );
  assert.equal(refused.status, 421);
  const body = await refused.json();
  assert.equal(body.error.status, 421);
  assert.match(body.error.message, /DNS rebinding/);
});
