import assert from "node:assert/strict";
import {
  FailedLogins,
  FAILURE_WINDOW_MS,
  MAX_FAILURES,
  MAX_TRACKED_ADDRESSES,
} from "./failed_logins.ts";

Deno.test("FailedLogins holds an address back only past MAX_FAILURES in one window", () => {
  let now = 0;
  const failures = new FailedLogins(() => now);
  for (let i = 0; i < MAX_FAILURES - 1; i++) failures.fail("a");
  assert.equal(failures.retryAfterMs("a"), 0);
  failures.fail("a");
  now = 1000;
  assert.equal(failures.retryAfterMs("a"), FAILURE_WINDOW_MS - 1000);
  now = FAILURE_WINDOW_MS;
  assert.equal(failures.retryAfterMs("a"), 0);
  assert.equal(failures.size, 0);
});

Deno.test("FailedLogins remembers at most MAX_TRACKED_ADDRESSES, forgetting the oldest", () => {
  let now = 0;
  const failures = new FailedLogins(() => now);
  for (let i = 0; i < MAX_FAILURES; i++) failures.fail("first");
  for (let i = 0; i < MAX_TRACKED_ADDRESSES + 100; i++) {
    now++;
    failures.fail(`10.0.${i >> 8}.${i & 255}`);
  }
  assert.equal(failures.size, MAX_TRACKED_ADDRESSES);
  assert.equal(failures.retryAfterMs("first"), 0);
});
