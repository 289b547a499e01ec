/**
 * Every capture through the whole pipeline with `WIRESCOPE_EXACT_VIEWS=1`: each packet is read
 * through a view that ends at its caplen, so any decoder or name reader that reads past a packet
 * fails here (a throw out of the decoder ends the run; one inside a name reader is counted in
 * `nameReading.faults`). The counts must still be tshark's.
 */
import assert from "node:assert/strict";
import { EXACT_VIEWS_ENV } from "../ffi/pcap_handle.ts";
import { captureNames, capturePath, expectedFor } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";

for (const name of captureNames()) {
  Deno.test(`no read past caplen on ${name} (exact views)`, async () => {
    const result = await runCli(["-r", capturePath(name), "--report", "json"], {
      env: { [EXACT_VIEWS_ENV]: "1" },
    });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const expected = expectedFor(name);
    assert.equal(report.packets, expected.packets, "packets");
    assert.equal(report.bytes, expected.bytes, "bytes");
    assert.deepEqual(report.outerL3, expected.outer_l3, "outerL3");
    assert.deepEqual(report.outerL4, expected.outer_l4, "outerL4");
    assert.equal(report.nameReading.faults, 0, "name readers that threw");
  });
}
