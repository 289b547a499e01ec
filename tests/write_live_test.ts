/**
 * `-w` on a live capture: wirescope and tcpdump capture the same pings on a veth pair of our
 * own, side by side, each writing a file; tshark must find the same frames in both, byte for
 * byte, with the same lengths and the same nanosecond timestamps (the kernel stamps a frame
 * once for every socket that receives it).
 */
import assert from "node:assert/strict";
import { liveUnavailableReason, PEER_ADDRESS, TestNetwork } from "./support/netns.ts";
import { START_FLAGS } from "./support/run_cli.ts";
import { tsharkFrames } from "./support/tshark_frames.ts";

const unavailable = liveUnavailableReason();
if (unavailable && Deno.env.get("CI")) {
  throw new Error(`Live -w tests cannot run in CI: ${unavailable}`);
}

const PINGS = 5;
/** Echo requests and replies. */
const FRAMES = PINGS * 2;
const MAIN = new URL("../main.ts", import.meta.url).pathname;
/** Longer than the test needs; a capture that reaches it has hung. */
const TIMEOUT_MS = 30_000;

/** Start a process and resolve once its stderr shows `ready`. */
async function startUntil(command: string, args: string[], ready: RegExp) {
  const child = new Deno.Command(command, {
    args,
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!ready.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${command} ended before it was ready: ${seen}`);
    seen += value;
  }
  // Keep draining so the process never blocks on a full pipe.
  const rest = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return seen;
      seen += value;
    }
  })();
  return { child, stderr: rest };
}

Deno.test({
  name: "-w on a live capture writes what tcpdump -w writes, to the nanosecond",
  ignore: unavailable !== undefined,
  async fn() {
    const net = await TestNetwork.create();
    const dir = await Deno.makeTempDir({ prefix: "wirescope-wlive-" });
    try {
      const filter = ["icmp", "and", "host", PEER_ADDRESS];
      const count = String(FRAMES);
      const tcpdump = await startUntil("tcpdump", [
        "-i",
        net.rootInterface,
        "--time-stamp-precision=nano",
        "-w",
        `${dir}/tcpdump.pcap`,
        "-c",
        count,
        ...filter,
      ], /listening on/);
      const wirescope = await startUntil(Deno.execPath(), [
        "run",
        ...START_FLAGS,
        MAIN,
        "-i",
        net.rootInterface,
        "-w",
        `${dir}/wirescope.pcap`,
        "-c",
        count,
        "--report",
        "json",
        ...filter,
      ], /capturing on/);
      // -I: out of our own veth, even while another test's pair holds the same addresses.
      const ping = await new Deno.Command("ping", {
        args: [
          "-n",
          "-q",
          "-I",
          net.rootInterface,
          "-c",
          String(PINGS),
          "-i",
          "0.05",
          "-W",
          "2",
          PEER_ADDRESS,
        ],
        stdout: "null",
      }).output();
      assert.ok(ping.success, "ping got its replies");
      const [ours, theirs] = await Promise.all([wirescope.child.status, tcpdump.child.status]);
      assert.equal(ours.code, 0, await wirescope.stderr);
      assert.equal(theirs.code, 0, await tcpdump.stderr);
      const expected = await tsharkFrames(`${dir}/tcpdump.pcap`);
      assert.equal(expected.length, FRAMES);
      assert.deepEqual(await tsharkFrames(`${dir}/wirescope.pcap`), expected);
    } finally {
      await Deno.remove(dir, { recursive: true });
      await net.close();
    }
  },
});
