import assert from "node:assert/strict";
import { parseWindow } from "./series_window.ts";

Deno.test("parseWindow() reads the 1 s ring while the window fits, then the 1 min ring", () => {
  assert.deepEqual(parseWindow("90s", 3600, 1440), { resolution: "1s", buckets: 90 });
  assert.deepEqual(parseWindow("1h", 3600, 1440), { resolution: "1s", buckets: 3600 });
  assert.deepEqual(parseWindow("61m", 3600, 1440), { resolution: "1m", buckets: 61 });
  assert.deepEqual(parseWindow("24h", 3600, 1440), { resolution: "1m", buckets: 1440 });
  assert.deepEqual(parseWindow("1d", 3600, 1440), { resolution: "1m", buckets: 1440 });
});

Deno.test("parseWindow() rejects malformed windows and windows past the minute ring", () => {
  for (const bad of ["", "5", "5x", "-5m", "0s", "25h"]) {
    assert.throws(() => parseWindow(bad, 3600, 1440), RangeError, bad);
  }
});
