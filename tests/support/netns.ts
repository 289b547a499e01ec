/**
 * A throwaway test network: one network namespace joined to the root namespace by a veth pair.
 *
 * The root end gets 198.18.0.1/30 and the namespace end 198.18.0.2/30: 198.18.0.0/15 is the
 * block RFC 2544 sets aside for benchmarking, so no real host is ever addressed, and the
 * traffic cannot leave the pair. Everything is removed by `close()`.
 */

export const ROOT_ADDRESS = "198.18.0.1";
export const PEER_ADDRESS = "198.18.0.2";

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

  private constructor(tag: string) {
    this.namespace = `wirescope-${tag}`;
    this.rootInterface = `ws${tag}a`;
    this.peerInterface = `ws${tag}b`;
  }

  static async create(): Promise<TestNetwork> {
    // Interface names are limited to 15 bytes; the pid plus a counter keeps parallel runs apart.
    const tag = `${Deno.pid % 100000}${counter++}`;
    const net = new TestNetwork(tag);
    await net.#cleanup();
    const { namespace: ns, rootInterface: a, peerInterface: b } = net;
    await run("ip", "netns", "add", ns);
    await run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
    await run("ip", "link", "set", b, "netns", ns);
    await run("ip", "addr", "add", `${ROOT_ADDRESS}/30`, "dev", a);
    await run("ip", "link", "set", a, "up");
    await run("ip", "netns", "exec", ns, "ip", "addr", "add", `${PEER_ADDRESS}/30`, "dev", b);
    await run("ip", "netns", "exec", ns, "ip", "link", "set", b, "up");
    await run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    // Answer every UDP datagram to a closed port with an ICMP error, without rate limiting,
    // so the number of ICMP packets is exactly the number of datagrams sent.
    await run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");
    await run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_msgs_per_sec=100000");
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

async function run(command: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`${command} ${args.join(" ")} failed: ${err}`);
  }
  return new TextDecoder().decode(out.stdout);
}
