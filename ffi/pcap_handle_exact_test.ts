import assert from "node:assert/strict";
import { EXACT_VIEWS_ENV } from "./pcap_handle.ts";
import { capturePath } from "../tests/support/captures.ts";

const PROBE = new URL("./testdata/over_read_probe.ts", import.meta.url).pathname;

async function probe(exact: boolean): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-ffi", "--allow-read", "--allow-env", PROBE, capturePath("sll_arp.pcap")],
    env: { [EXACT_VIEWS_ENV]: exact ? "1" : "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout).trim();
}

Deno.test("WIRESCOPE_EXACT_VIEWS=1 makes a read one byte past caplen throw", async () => {
  assert.equal(await probe(true), "caught");
});

Deno.test("without exact views the same read lands in libpcap's buffer (why the mode exists)", async () => {
  assert.equal(await probe(false), "read");
});
