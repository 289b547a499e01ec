/**
 * wirescope: real-time network traffic analyzer.
 *
 * This file only wires the pipeline (capture -> stats -> report or server) and turns every
 * failure into one line on stderr. See README.md for usage.
 */
import denoConfig from "./deno.json" with { type: "json" };
import { parseOptions, USAGE, UsageError } from "./cli/options.ts";
import { formatInterfaceTable } from "./cli/interface_table.ts";
import { discardEarlyWorker, startCaptureWorkerEarly } from "./capture/worker_start.ts";
import { listDevices } from "./ffi/devices.ts";
import { libpcapVersion } from "./ffi/libpcap.ts";
import { HELPER_SUBCOMMAND } from "./procs/helper_protocol.ts";

/** Exit statuses: 0 success, 1 runtime failure, 2 bad usage (as tcpdump and most CLIs). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export async function main(args: string[]): Promise<number> {
  // The process helper is this program again, started by a live run before its privilege drop.
  if (args[0] === HELPER_SUBCOMMAND) {
    const { runOwnerHelper } = await import("./procs/owner_helper.ts");
    return await runOwnerHelper(args.slice(1));
  }
  const options = parseOptions(args);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.version) {
    console.log(`wirescope ${denoConfig.version}\n${libpcapVersion()}`);
    return 0;
  }
  if (options.listInterfaces) {
    console.log(formatInterfaceTable(listDevices(), options.interfaces));
    return 0;
  }
  // --collect alone opens no capture (no worker to start): the statistics come from flow records.
  if (options.collect && options.read === undefined && options.interface === undefined) {
    const { runCollectorOnly } = await import("./cli/collect_only.ts");
    return await runCollectorOnly(options);
  }
  // A capture will run: start its worker now and load the rest of the program meanwhile.
  startCaptureWorkerEarly();
  try {
    const { runAnalyzer } = await import("./cli/analyzer.ts");
    return await runAnalyzer(options);
  } finally {
    // A run that failed before its capture started must not leave the worker behind.
    discardEarlyWorker();
  }
}

if (import.meta.main) {
  let code: number;
  try {
    code = await main(Deno.args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`wirescope: ${message.split("\n")[0]}`);
    code = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
    if (Deno.env.get("WIRESCOPE_DEBUG") && error instanceof Error) console.error(error.stack);
  }
  Deno.exit(code);
}
