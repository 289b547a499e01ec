/**
 * Podman for tests, isolated from the machine's own containers: a temporary folder holds the
 * image store, the run state and the configuration, so a test never reads or changes the
 * user's. `close()` removes the containers, the images and the folder.
 *
 * The configuration carries what this kind of sandbox needs: `runc` (crun sets an rlimit the
 * sandbox refuses; an empty `default_ulimits` sets none), cgroupfs and file events (no systemd).
 */

/** Why podman cannot run here at all, or undefined when it can. */
export function podmanUnavailableReason(): string | undefined {
  if (Deno.build.os !== "linux") return "containers need Linux";
  if (Deno.uid() !== 0) return "the container test needs root (capture capabilities, namespaces)";
  for (const tool of ["podman", "runc", "debootstrap", "nsenter", "ip"]) {
    try {
      const out = new Deno.Command(tool, { args: ["--version"], stdout: "null", stderr: "null" })
        .outputSync();
      if (!out.success && tool === "podman") return "`podman --version` fails";
    } catch {
      return `the container test needs \`${tool}\` (apt-get install podman runc debootstrap)`;
    }
  }
  return undefined;
}

const CONTAINERS_CONF = `[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
`;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Podman {
  readonly #dir: string;
  readonly #env: Record<string, string>;

  private constructor(dir: string) {
    this.#dir = dir;
    this.#env = {
      CONTAINERS_CONF: `${dir}/containers.conf`,
      CONTAINERS_STORAGE_CONF: `${dir}/storage.conf`,
    };
  }

  static async create(): Promise<Podman> {
    const dir = await Deno.makeTempDir({ prefix: "wirescope-podman-" });
    await Deno.writeTextFile(`${dir}/containers.conf`, CONTAINERS_CONF);
    await Deno.writeTextFile(
      `${dir}/storage.conf`,
      `[storage]\ndriver = "overlay"\ngraphroot = "${dir}/storage"\nrunroot = "${dir}/run"\n`,
    );
    return new Podman(dir);
  }

  /** A scratch folder inside this podman's own temporary folder. */
  async scratch(name: string): Promise<string> {
    const path = `${this.#dir}/${name}`;
    await Deno.mkdir(path, { recursive: true });
    return path;
  }

  /**
   * The argument list that runs podman with this configuration, optionally inside the network
   * namespace `netns` (a name from `ip netns`). `nsenter` joins only the network namespace:
   * `ip netns exec` also remounts /sys, which hides the cgroup mounts from runc ("runc create
   * failed: no cgroup mount found in mountinfo").
   */
  command(args: string[], netns?: string): string[] {
    const podman = ["podman", "--runtime", "runc", ...args];
    return netns ? ["nsenter", `--net=/run/netns/${netns}`, ...podman] : podman;
  }

  /** Run podman (in network namespace `netns` if given); the result whatever the exit status. */
  async try(args: string[], netns?: string): Promise<CommandResult> {
    const [program, ...rest] = this.command(args, netns);
    const out = await new Deno.Command(program!, {
      args: rest,
      env: this.#env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  }

  /** Run podman and return its standard output; a failure throws with podman's own words. */
  async run(args: string[], netns?: string): Promise<string> {
    const result = await this.try(args, netns);
    if (result.code !== 0) {
      throw new Error(`podman ${args.join(" ")} failed (${result.code}): ${result.stderr.trim()}`);
    }
    return result.stdout;
  }

  /**
   * Remove the containers, images and volumes, then the folder. (Not `podman system reset`: it also
   * deletes the machine's network definitions, which are not in this store.)
   */
  async close(): Promise<void> {
    await this.try(["rm", "--all", "--force", "--time", "0"]);
    await this.try(["rmi", "--all", "--force"]);
    await this.try(["volume", "rm", "--all", "--force"]);
    await Deno.remove(this.#dir, { recursive: true });
  }
}
