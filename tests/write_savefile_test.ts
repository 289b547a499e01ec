/**
 * `-w` against Wireshark's and tcpdump's own readers: every corpus capture read with
 * `-r F -w OUT` gives an OUT in which tshark and tcpdump see the same packets, lengths, bytes and
 * timestamps (to the nanosecond) as in F. tshark starts slowly (~1 s), so the inputs and the
 * outputs are each concatenated by mergecap (Wireshark's own reader again) and read once.
 */
import assert from "node:assert/strict";
import { captureNames, capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";
import { tsharkFrames } from "./support/tshark_frames.ts";

/** Two runs at once: the machine has two cores and the runs are mostly start-up. */
const PARALLEL_RUNS = 2;

async function output(command: string, args: string[]): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  return { code: out.code, text: new TextDecoder().decode(out.stdout) };
}

/** tcpdump's full view of a file: ns times, link headers, every byte in hex; undefined if it
 * cannot read the file (libpcap refuses pcapng files whose interfaces differ in snaplen). */
async function tcpdumpView(path: string): Promise<string | undefined> {
  const { code, text } = await output("tcpdump", ["-r", path, "-nn", "--nano", "-tt", "-e", "-x"]);
  return code === 0 ? text : undefined;
}

async function mergeConcatenated(paths: string[], out: string): Promise<void> {
  const { code } = await output("mergecap", ["-a", "-F", "pcapng", "-w", out, ...paths]);
  assert.equal(code, 0, "mergecap failed");
}

Deno.test("-w writes every corpus capture as tshark and tcpdump read it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-w-" });
  try {
    const names = captureNames();
    const outputs: string[] = [];
    const queue = names.map((name, i) => ({ name, i }));
    const work = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const { name, i } = job;
        // pcapng for pcapng inputs (several interfaces and link types), pcap for the rest.
        const out = `${dir}/${i}-${name.endsWith(".pcapng") ? "out.pcapng" : "out.pcap"}`;
        outputs[i] = out;
        const result = await runCli(["-r", capturePath(name), "-w", out, "--report", "json"]);
        assert.equal(result.code, 0, `${name}: ${result.stderr}`);
        // A switch to our own reader may be announced; a packet left out may not.
        assert.doesNotMatch(result.stderr, /write|written/, name);
        const original = await tcpdumpView(capturePath(name));
        const written = await tcpdumpView(out);
        assert.ok(written !== undefined, `tcpdump cannot read what -w wrote of ${name}`);
        if (original !== undefined) assert.equal(written, original, `tcpdump's view of ${name}`);
        else {
          // tcpdump cannot read the original: the copy must at least hold every packet.
          const packets = JSON.parse(result.stdout).packets;
          assert.equal(written.split("\n").filter((l) => /^\d/.test(l)).length, packets, name);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_RUNS }, work));
    await mergeConcatenated(names.map(capturePath), `${dir}/all-in.pcapng`);
    await mergeConcatenated(outputs, `${dir}/all-out.pcapng`);
    const expected = await tsharkFrames(`${dir}/all-in.pcapng`);
    const actual = await tsharkFrames(`${dir}/all-out.pcapng`);
    assert.ok(expected.length > 1000, `the corpus has its packets (${expected.length})`);
    assert.equal(actual.length, expected.length, "frames");
    for (let i = 0; i < expected.length; i++) {
      if (actual[i] !== expected[i]) {
        assert.fail(
          `frame ${i + 1}: tshark reads "${actual[i]}", the original is "${expected[i]}"`,
        );
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("-w keeps a source's nanoseconds in pcap as in pcapng", async () => {
  // Two Ethernet interfaces, one stamping in ns (sub-µs digits set), one in µs.
  const input = capturePath("pcapng_two_interfaces_us_ns.pcapng");
  const dir = await Deno.makeTempDir({ prefix: "wirescope-w-ns-" });
  try {
    const expected = await tsharkFrames(input);
    assert.ok(expected.some((f) => !/^\d+\.\d{6}000\t/.test(f)), "the input has sub-µs digits");
    for (const out of [`${dir}/out.pcap`, `${dir}/out.pcapng`]) {
      const result = await runCli(["-r", input, "-w", out, "--report", "json"]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await tsharkFrames(out), expected, out);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
