import assert from "node:assert/strict";
import { DEFAULT_LIMITS, resolveLimits } from "./limits.ts";

Deno.test("resolveLimits() keeps the defaults that are not overridden", () => {
  const limits = resolveLimits({ maxTcpFlows: 8 });
  assert.equal(limits.maxTcpFlows, 8);
  assert.equal(limits.maxPendingEvents, DEFAULT_LIMITS.maxPendingEvents);
});

Deno.test("resolveLimits() rejects a limit that is not a positive integer", () => {
  assert.throws(() => resolveLimits({ maxTcpFlows: 0 }), RangeError);
  assert.throws(() => resolveLimits({ quicIdleSeconds: 1.5 }), /quicIdleSeconds/);
});
