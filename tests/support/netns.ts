/**
 * A throwaway test network: one network namespace joined to the root namespace by a veth pair.
 *
 * The two ends share a /30 inside 198.18.0.0/15, the block RFC 2544 sets aside for
 * benchmarking, so no real host is ever addressed and the traffic cannot leave the pair. Each
 * test process takes its own /30 (from its pid), so test runs side by side on one machine never
 * hold the same address on two veth pairs, which would steal each other's route. Everything is
 * removed by `close()`.
 */

/** This process's /30: the benchmark block has 32,768 of them; the first is left alone. */
const SUBNET = 4 * (1 + Deno.pid % 32_767);

function benchmarkAddress(offset: number): string {
  const n = (198 << 24 | 18 << 16) + offset;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
}

export const ROOT_ADDRESS = benchmarkAddress(SUBNET + 1);
export const PEER_ADDRESS = benchmarkAddress(SUBNET + 2);

/** Why live tests cannot run here, or undefined when they can. */
export function liveUnavailableReason(): string | undefined {
  if (Deno.build.os !== "linux") return "live tests need Linux network namespaces";
  if (Deno.uid() !== 0) return "live tests need root (they create network namespaces)";
  try {
    new Deno.Command("ip", { args: ["-V"], stdout: "null", stderr: "null" }).outputSync();
  } catch {
    return "live tests need iproute2's `ip`";
  }
  return undefined;
}

export class TestNetwork {
  readonly namespace: string;
  /** The interface in the root namespace, where the capture runs. */
  readonly rootInterface: string;
  readonly peerInterface: string;

  private constructor(pid: number, serial: number) {
    this.namespace = `${NAMESPACE_PREFIX}${pid}-${serial}`;
    // Interface names are limited to 15 bytes: "ws" + pid (at most 7 digits) + serial + a/b.
    this.rootInterface = `ws${pid}x${serial}a`;
    this.peerInterface = `ws${pid}x${serial}b`;
  }

  /**
   * `addresses: false` leaves both ends without this process's /30, for a second pair beside a
   * first one (one /30 per process): its traffic is then made inside the namespace.
   */
  static async create(options: { addresses?: boolean } = {}): Promise<TestNetwork> {
    const addressed = options.addresses ?? true;
    await removeStaleNetworks();
    const net = new TestNetwork(Deno.pid, counter++);
    await net.#cleanup();
    const { namespace: ns, rootInterface: a, peerInterface: b } = net;
    await run("ip", "netns", "add", ns);
    await run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
    await run("ip", "link", "set", b, "netns", ns);
    if (addressed) await run("ip", "addr", "add", `${ROOT_ADDRESS}/30`, "dev", a);
    await run("ip", "link", "set", a, "up");
    if (addressed) {
      await run("ip", "netns", "exec", ns, "ip", "addr", "add", `${PEER_ADDRESS}/30`, "dev", b);
    }
    await run("ip", "netns", "exec", ns, "ip", "link", "set", b, "up");
    await run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    // Answer every UDP datagram to a closed port with an ICMP error, without rate limiting,
    // so the number of ICMP packets is exactly the number of datagrams sent.
    await run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");
    await run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_msgs_per_sec=100000");
    await run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_msgs_burst=100000");
    return net;
  }

  /** Run a command inside the namespace. */
  exec(...args: string[]): Promise<string> {
    return run("ip", "netns", "exec", this.namespace, ...args);
  }

  async close(): Promise<void> {
    await this.#cleanup();
  }

  async #cleanup(): Promise<void> {
    await new Deno.Command("ip", { args: ["link", "del", this.rootInterface], stderr: "null" })
      .output();
    await new Deno.Command("ip", { args: ["netns", "del", this.namespace], stderr: "null" })
      .output();
  }
}

let counter = 0;
const NAMESPACE_PREFIX = "wirescope-";

/**
 * Remove namespaces left by a test run that was killed before its cleanup: their veth ends
 * hold the same addresses and would steal the route to the peer. Deleting a namespace deletes
 * the veth pair with it.
 */
async function removeStaleNetworks(): Promise<void> {
  const list = await run("ip", "netns", "list");
  for (const line of list.split("\n")) {
    const match = new RegExp(`^(${NAMESPACE_PREFIX}(\\d+)-\\d+)`).exec(line);
    if (!match) continue;
    const pid = Number(match[2]);
    if (pid !== Deno.pid && !processAlive(pid)) {
      await run("ip", "netns", "del", match[1]!);
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

async function run(command: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`${command} ${args.join(" ")} failed: ${err}`);
  }
  return new TextDecoder().decode(out.stdout);
}
