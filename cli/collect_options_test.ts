import assert from "node:assert/strict";
import { collectTarget, DEFAULT_COLLECT_HOST } from "./collect_options.ts";
import { FlagError } from "./flag_parser.ts";

Deno.test("collectTarget() listens on loopback unless a host is given", () => {
  assert.deepEqual(collectTarget({ collect: "udp:2055" }), {
    host: DEFAULT_COLLECT_HOST,
    port: 2055,
  });
  assert.equal(DEFAULT_COLLECT_HOST, "127.0.0.1");
  assert.deepEqual(collectTarget({ collect: "udp:0.0.0.0:4739" }), { host: "0.0.0.0", port: 4739 });
  assert.deepEqual(collectTarget({ collect: "udp:[::1]:4739" }), { host: "::1", port: 4739 });
  assert.deepEqual(collectTarget({ collect: "udp:0" }), { host: DEFAULT_COLLECT_HOST, port: 0 });
  assert.equal(collectTarget({}), undefined);
});

Deno.test("collectTarget() refuses what is not udp:[HOST:]PORT with one line", () => {
  for (
    const bad of [
      "2055",
      "tcp:2055",
      "udp:",
      "udp:70000",
      "udp:router:2055",
      "udp:1.2.3.999:1",
    ]
  ) {
    assert.throws(() => collectTarget({ collect: bad }), (error: unknown) => {
      assert.ok(error instanceof FlagError, bad);
      assert.match(error.message, /^Invalid --collect "/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  }
});
