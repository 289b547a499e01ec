/**
 * The C peers beside tcpdump and tshark in `deno task bench` (darkstat and softflowd, both
 * reading the file with libpcap), and what `--ipfix` costs end to end. The exporters send to a
 * loopback port nobody reads: the sender's work (keying, encoding, one sendto per message) is
 * what is timed, not a collector's.
 */
import type { Measurement } from "./measure.ts";
import { jsonPackets, type Reader, wirescopeCommand } from "./file_readers.ts";
import { freePort } from "../tests/support/free_port.ts";

/** softflowd's, darkstat's and wirescope's IPFIX rows, each skipped with a reason if absent. */
export function peerReaders(capture: string, outDir: string): Reader[] {
  const sink = `127.0.0.1:${freePort()}`;
  return [
    {
      id: "darkstat",
      // Its HTTP port is bound (loopback) and never asked. It prints no count of the frames it
      // read: --verbose's "Total packets" leaves out frames it accounts to no host (921,057 of
      // the synthetic 1,000,000), so no count is checked for it, as for tcpdump's row.
      name: "darkstat -r F (hosts and ports, per packet)",
      command: [
        "darkstat",
        "-r",
        capture,
        "--no-daemon",
        "--no-dns",
        "-b",
        "127.0.0.1",
        "-p",
        String(freePort()),
        "--chroot",
        outDir,
      ],
      count: () => undefined,
      // It chroots (and drops to nobody) before reading, which only root may do.
      ...(Deno.uid() === 0
        ? skipUnless("darkstat", ["--version"])
        : { skip: "darkstat needs root" }),
    },
    {
      id: "softflowd",
      name: "softflowd -r F -v 10 (flows, IPFIX out)",
      command: [
        "softflowd",
        "-d",
        "-r",
        capture,
        "-n",
        sink,
        "-v",
        "10",
        // No control socket (with one it waits for commands after the file), pid file aside.
        "-c",
        "none",
        "-p",
        `${outDir}/softflowd.pid`,
      ],
      count: softflowdPackets,
      ...skipUnless("softflowd", ["-h"]),
    },
    {
      // What exporting costs, next to the plain end-to-end row in the same run.
      id: "wirescope-ipfix",
      name: "wirescope end to end, --ipfix (UDP to loopback)",
      command: [...wirescopeCommand(capture), "--ipfix", sink],
      count: jsonPackets,
    },
  ];
}

/** Frames softflowd read: those it processed (IP) and those it ignored (non-IP, too short). */
function softflowdPackets(run: Measurement): number | undefined {
  const text = run.stdout + run.stderr;
  const processed = /Packets processed: (\d+)/.exec(text);
  const ignored = /Ignored packets: (\d+)/.exec(text);
  return processed && ignored ? Number(processed[1]) + Number(ignored[1]) : undefined;
}

function skipUnless(tool: string, args: string[]): { skip?: string } {
  try {
    new Deno.Command(tool, { args, stdout: "null", stderr: "null" }).outputSync();
    return {};
  } catch {
    return { skip: `${tool} is not installed (Debian: apt-get install ${tool})` };
  }
}
