import assert from "node:assert/strict";
import { raiseServingPriority } from "./realtime_priority.ts";

// Granted and refused-for-lack-of-privilege are proven on a running wirescope in
// tests/realtime_priority_test.ts; these refusals come before any system call.

Deno.test("--realtime is not applied on one CPU, where the capture needs that CPU too", () => {
  assert.equal(
    raiseServingPriority(1, "linux"),
    "wirescope: --realtime not applied: this machine has one CPU, which the capture needs " +
      "too; serving at normal priority",
  );
});

Deno.test("--realtime is not applied outside Linux, and says so without a privilege hint", () => {
  assert.equal(
    raiseServingPriority(8, "darwin"),
    "wirescope: --realtime not applied: real-time scheduling is only supported on Linux; " +
      "serving at normal priority",
  );
});
