import assert from "node:assert/strict";
import {
  formatBitRate,
  formatBytes,
  formatCount,
  formatDuration,
  formatShortCount,
} from "./units.ts";

Deno.test("formatBytes() steps in powers of 1000 with 3 significant digits", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(1000), "1.00 KB");
  assert.equal(formatBytes(1_171_135), "1.17 MB");
  assert.equal(formatBytes(443_804_000), "444 MB");
  assert.equal(formatBytes(2.5e15), "2.50 PB");
});

Deno.test("formatBitRate(), formatShortCount() and formatCount()", () => {
  assert.equal(formatBitRate(8_400_000), "8.40 Mbit/s");
  assert.equal(formatBitRate(950), "950 bit/s");
  assert.equal(formatShortCount(15_300), "15.3k");
  assert.equal(formatCount(1_234_567), "1,234,567");
});

Deno.test("formatDuration() reads naturally at every scale", () => {
  assert.equal(formatDuration(4.032397), "4.032s");
  assert.equal(formatDuration(75), "1m 15s");
  assert.equal(formatDuration(3723.5), "1h 2m 3.5s");
  assert.equal(formatDuration(-1), "-");
  // Days and years, never thousands of hours: a 22-day capture, a multi-year one.
  assert.equal(formatDuration(22 * 86_400 + 3 * 3600 + 4 * 60 + 5), "22d 3h");
  assert.equal(formatDuration(35161 * 3600 + 46 * 60 + 56.2), "4y 5d");
});
