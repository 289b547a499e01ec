/**
 * The single binary: `deno task compile` must produce an executable that works with no files
 * beside it (worker and page included). `deno compile` needs the `denort` runtime, which it
 * downloads; where that is impossible, point DENORT_BIN at a local copy. Without it these tests
 * are skipped, with the reason printed.
 */
import assert from "node:assert/strict";
import denoConfig from "../deno.json" with { type: "json" };
import { capturePath, expectedFor } from "./support/captures.ts";
import { START_FLAGS } from "./support/run_cli.ts";

const denort = Deno.env.get("DENORT_BIN");
if (!denort) {
  console.log("skipping compiled binary tests: DENORT_BIN is not set (deno compile needs denort)");
}

/** The compile task's own arguments, with the output redirected to a scratch folder. */
function compileArgs(output: string): string[] {
  const words = denoConfig.tasks.compile.split(/\s+/).slice(1); // drop "deno"
  const out = words.indexOf("-o");
  words[out + 1] = output;
  return words;
}

Deno.test("the compile task bakes in every flag deno task start runs with", () => {
  // Runs without denort: a binary built with fewer permissions or another heap size would not
  // be the program the tests and benchmarks measured.
  const words = denoConfig.tasks.compile.split(/\s+/);
  for (const flag of START_FLAGS) assert.ok(words.includes(flag), `compile lacks ${flag}`);
  assert.ok(START_FLAGS.some((f) => f.startsWith("--v8-flags=")), "start sizes the V8 heap");
});

Deno.test({
  name: "the compiled binary reads a capture and reports what the source build reports",
  ignore: !denort,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "wirescope-compile-" });
    const binary = `${dir}/wirescope`;
    const root = new URL("..", import.meta.url).pathname;
    const compiled = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(binary),
      cwd: root,
      stderr: "piped",
    }).output();
    assert.ok(compiled.success, new TextDecoder().decode(compiled.stderr));

    // Run it from an empty folder, so nothing can be read from the source tree.
    const name = "lan_mix_android_dhcp_ntp.pcap";
    const run = await new Deno.Command(binary, {
      args: ["-r", capturePath(name), "--report", "json"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    const report = JSON.parse(new TextDecoder().decode(run.stdout));
    const expected = expectedFor(name);
    assert.equal(report.packets, expected.packets);
    assert.equal(report.bytes, expected.bytes);

    const version = await new Deno.Command(binary, { args: ["-V"], stdout: "piped" }).output();
    assert.match(new TextDecoder().decode(version.stdout), /^wirescope \d+\.\d+\.\d+/);
    Deno.removeSync(dir, { recursive: true });
  },
});
