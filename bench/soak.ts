/**
 * `sudo deno task soak [--minutes 30]`: wirescope serving a live capture for a long time under
 * load (bench/soak_run.ts: a corpus capture replayed at tcpreplay's top speed over a veth pair,
 * the dashboard open in Chromium, 100 event-stream clients of which 10 never read, `/stats`
 * polled), with one row a minute of resident memory, open descriptors, drops and `/stats`
 * latency, and a verdict per target (bench/soak_targets.ts). A missed target is printed as
 * FAIL and makes the exit status 1; the table is printed either way.
 *
 *   sudo deno run -A bench/soak.ts [--minutes 30] [--sample-seconds 60] [--warmup-minutes 5]
 *                                  [--capture http11_wikipedia_lan_mix.pcap]
 *                                  [--readers 90] [--non-readers 10] [--normal-priority]
 *
 * wirescope runs with `--realtime`, as the README advises on a machine whose CPUs the capture
 * and other programs fill; `--normal-priority` measures it without.
 */
import { parseArgs } from "node:util";
import { liveUnavailableReason } from "../tests/support/netns.ts";
import { browserUnavailableReason } from "../tests/support/browser.ts";
import { runSoak } from "./soak_run.ts";
import { judgeTargets, soakTable, verdictTable } from "./soak_targets.ts";
import { formatInt } from "./markdown_table.ts";
import { missingTcpreplay } from "./live_bench.ts";

/** A LAN mix of web, DNS and local traffic on Ethernet: 136 frames, replayed in a loop. */
export const SOAK_CAPTURE = "http11_wikipedia_lan_mix.pcap";

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: "string", default: "30" },
      "sample-seconds": { type: "string", default: "60" },
      "warmup-minutes": { type: "string", default: "5" },
      capture: { type: "string", default: SOAK_CAPTURE },
      readers: { type: "string", default: "90" },
      "non-readers": { type: "string", default: "10" },
      "normal-priority": { type: "boolean", default: false },
    },
  });
  const number = (name: keyof typeof values) => {
    const value = Number(values[name]);
    if (!(value >= 0)) {
      throw new RangeError(`Invalid --${name} "${values[name]}": expected a number`);
    }
    return value;
  };
  const reason = liveUnavailableReason() ?? browserUnavailableReason() ?? missingTcpreplay();
  if (reason) {
    console.error(`soak: Cannot run: ${reason}`);
    return 2;
  }
  const warmupSeconds = number("warmup-minutes") * 60;
  console.log(`Soak on ${machine()}, ${new Date().toISOString()}`);
  const result = await runSoak({
    seconds: number("minutes") * 60,
    sampleSeconds: number("sample-seconds"),
    capture: String(values.capture),
    readers: number("readers"),
    nonReaders: number("non-readers"),
    realtime: !values["normal-priority"],
    log: (line) => console.log(line),
  });
  const verdicts = judgeTargets(result.samples, warmupSeconds);
  console.log(`\n${soakTable(result.samples)}\n`);
  const replay = result.replay;
  console.log(
    replay
      ? `tcpreplay sent ${formatInt(replay.sent)} packets in ${replay.seconds} s ` +
        `(${formatInt(replay.sent / replay.seconds)}/s, ${replay.failed} refused); ` +
        `wirescope counted ${formatInt(result.finalPackets ?? NaN)}; the kernel dropped ` +
        `${formatInt(result.stackDrops)} in its input backlog before any capture (machine-wide)`
      : "tcpreplay printed no summary",
  );
  console.log(`wirescope's serving thread ran at ${result.servingScheduling}`);
  console.log(
    `wirescope ${result.alive ? "ran to the end" : "EXITED during the soak"}; ` +
      `exit status after SIGINT ${result.exitCode}; ` +
      `dashboard errors in Chromium: ${result.pageErrors.length}`,
  );
  for (const error of result.pageErrors.slice(0, 5)) console.log(`  ${error}`);
  console.log(`\nTargets (warm-up ${warmupSeconds / 60} min):\n${verdictTable(verdicts)}`);
  if (!result.alive) console.log(`wirescope's last words:\n${result.stderrTail}`);
  return result.alive && verdicts.every((v) => v.pass) ? 0 : 1;
}

/** Kernel, CPUs and Deno, for the README's record of where a soak ran. */
function machine(): string {
  let cpu = "unknown CPU";
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? cpu;
  } catch {
    // Not Linux: the soak refuses to run there anyway.
  }
  return `${navigator.hardwareConcurrency} CPUs (${cpu}), Linux ${Deno.osRelease()}, ` +
    `Deno ${Deno.version.deno}`;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(2);
  }
}
