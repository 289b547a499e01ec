/**
 * `--realtime`: the thread that serves and drains runs under SCHED_RR at priority 1 with
 * reset-on-fork, read back from the kernel for every thread of the running process; the capture
 * worker and the runtime's other threads stay at normal priority; without the flag nothing
 * changes; without CAP_SYS_NICE it says so in one line and serves anyway.
 */
import assert from "node:assert/strict";
import { liveUnavailableReason } from "./support/netns.ts";
import { captureNames, capturePath } from "./support/captures.ts";
import { type ServedCli, startServedCli } from "./support/served_cli.ts";
import { runCli } from "./support/run_cli.ts";
import { SCHED_OTHER, SCHED_RR, threadScheduling } from "../ffi/scheduling.ts";

/** Root may still be denied real-time scheduling (a container without CAP_SYS_NICE). */
function realtimeUnavailableReason(): string | undefined {
  const probe = new Deno.Command("chrt", { args: ["-r", "1", "true"], stderr: "null" })
    .outputSync();
  return probe.success ? undefined : "`chrt -r 1 true` failed: no real-time scheduling here";
}

const unavailable = liveUnavailableReason() ?? realtimeUnavailableReason();
if (unavailable && Deno.env.get("CI")) {
  throw new Error(`Scheduling tests cannot run in CI: ${unavailable}`);
}

/** Every thread of `pid`, by id, with its name and scheduling. */
function threads(pid: number) {
  const found = [];
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      const name = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/comm`).trim();
      found.push({ tid: Number(task.name), name, ...threadScheduling(Number(task.name)) });
    } catch {
      // A thread that ended while we looked.
    }
  }
  return found;
}

async function packets(served: ServedCli): Promise<number> {
  const response = await fetch(`${served.url}stats`);
  assert.equal(response.status, 200);
  return (await response.json()).packets;
}

const file = () => capturePath(captureNames()[0]!);

Deno.test({
  name: "--realtime: only the serving thread runs under SCHED_RR 1, with reset-on-fork",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  async fn() {
    // A live capture, so the capture worker's thread is still there to be read.
    const served = await startServedCli([
      "-i",
      "lo",
      "--count-self",
      "--no-db",
      "--port",
      "0",
      "--realtime",
    ]);
    try {
      await served.printed(/serving at real-time priority \(SCHED_RR 1\)/);
      await served.printed(/privileges dropped: running as /);
      const pid = served.child.pid;
      const all = threads(pid);
      const main = all.find((t) => t.tid === pid);
      assert.deepEqual(
        main && { policy: main.policy, priority: main.priority, resetOnFork: main.resetOnFork },
        { policy: SCHED_RR, priority: 1, resetOnFork: true },
      );
      const others = all.filter((t) => t.tid !== pid);
      assert.ok(others.some((t) => /^worker-/.test(t.name)), "the capture worker is listed");
      for (const thread of others) {
        assert.equal(thread.policy, SCHED_OTHER, `thread ${thread.tid} (${thread.name})`);
      }
      // Its own /stats requests cross loopback: the capture counts them.
      await packets(served);
      for (let i = 0; i < 50 && await packets(served) === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(await packets(served) > 0);
    } finally {
      await served.stop();
    }
  },
});

Deno.test({
  name: "without --realtime every thread stays at normal priority",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  async fn() {
    const served = await startServedCli(["-r", file(), "--no-db", "--port", "0"]);
    try {
      await served.printed(/privileges dropped: /);
      for (const thread of threads(served.child.pid)) {
        assert.equal(thread.policy, SCHED_OTHER, `thread ${thread.tid} (${thread.name})`);
      }
      assert.doesNotMatch(served.stderr(), /real-time/);
    } finally {
      await served.stop();
    }
  },
});

Deno.test({
  name: "--realtime without CAP_SYS_NICE: one line saying why, and serving goes on",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  async fn() {
    // Root without CAP_SYS_NICE in its bounding set and with no real-time allowance of its own
    // (RLIMIT_RTPRIO 0): sched_setscheduler is refused.
    const served = await startServedCli(
      ["-r", file(), "--no-db", "--port", "0", "--realtime"],
      {},
      ["prlimit", "--rtprio=0", "setpriv", "--bounding-set=-sys_nice", "--", Deno.execPath()],
    );
    try {
      await served.printed(/privileges dropped: /);
      const lines = served.stderr().split("\n").filter((line) => /--realtime/.test(line));
      assert.equal(lines.length, 1, served.stderr());
      assert.equal(
        lines[0],
        "wirescope: --realtime not applied: sched_setscheduler: Operation not permitted; it " +
          "needs root (sudo), CAP_SYS_NICE or an RLIMIT_RTPRIO of at least 1; serving at " +
          "normal priority",
      );
      assert.equal(threadScheduling(served.child.pid).policy, SCHED_OTHER);
      assert.ok(await packets(served) > 0);
    } finally {
      await served.stop();
    }
  },
});

Deno.test("--realtime with --report or -c is refused in one line", async () => {
  for (const headless of [["--report"], ["-c", "5"]]) {
    const out = await runCli(["-r", file(), ...headless, "--realtime"]);
    assert.equal(out.code, 2, headless.join(" "));
    assert.equal(
      out.stderr.trim(),
      "wirescope: Cannot use --realtime with --report or -c: it keeps a served dashboard " +
        "responsive",
    );
  }
});
