/**
 * A Debian 12 base image made here, for building the Dockerfile where Docker Hub is out of
 * reach: `debootstrap --variant=minbase` from the mirror this machine's apt already uses, then
 * `podman import`. The root file system is kept as a tarball in the temporary folder between
 * runs (making it takes about two minutes; importing it, seconds).
 */
import type { Podman } from "./podman.ts";

const SUITE = "bookworm";
const CACHE_DIR = `${Deno.env.get("TMPDIR") ?? "/tmp"}/wirescope-container-cache`;
const CACHE_FILE = `${CACHE_DIR}/debian-${SUITE}-minbase.tar`;

/**
 * The Debian mirror this machine installs from: the first `deb` source that is not the
 * security archive, from deb822 `.sources` files or one-line `sources.list` entries.
 */
export function debianMirror(sources: string[]): string | undefined {
  for (const text of sources) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const types = /^Types:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
      const uris = /^URIs:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
      if (!types.includes("deb")) continue;
      const uri = uris.find((u) => !u.includes("security"));
      if (uri) return uri;
    }
    for (const line of text.split("\n")) {
      const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line.trim());
      if (match && !match[1]!.includes("security")) return match[1];
    }
  }
  return undefined;
}

function aptSources(): string[] {
  const texts: string[] = [];
  try {
    texts.push(Deno.readTextFileSync("/etc/apt/sources.list"));
  } catch { /* absent on machines that use only sources.list.d */ }
  try {
    for (const entry of Deno.readDirSync("/etc/apt/sources.list.d")) {
      if (/\.(sources|list)$/.test(entry.name)) {
        texts.push(Deno.readTextFileSync(`/etc/apt/sources.list.d/${entry.name}`));
      }
    }
  } catch { /* no such folder */ }
  return texts;
}

async function run(program: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-5).join("\n");
    throw new Error(`${program} ${args.join(" ")} failed (${out.code}): ${err}`);
  }
}

/** The cached minbase root file system as a tarball, made first if there is none. */
async function baseTarball(): Promise<string> {
  try {
    await Deno.stat(CACHE_FILE);
    return CACHE_FILE;
  } catch { /* not made yet */ }
  const mirror = debianMirror(aptSources());
  if (!mirror) throw new Error("Cannot find a Debian mirror in /etc/apt/sources.list*");
  await Deno.mkdir(CACHE_DIR, { recursive: true });
  const work = await Deno.makeTempDir({ dir: CACHE_DIR, prefix: "debootstrap-" });
  try {
    const root = `${work}/root`;
    await run("debootstrap", ["--variant=minbase", SUITE, root, mirror]);
    // What a slim base image leaves out too: the package lists and downloaded packages.
    await run("sh", ["-c", `rm -rf "${root}"/var/lib/apt/lists/* "${root}"/var/cache/apt/*`]);
    await run("tar", ["-C", root, "--numeric-owner", "-cf", `${work}/base.tar`, "."]);
    // Renamed into place only when whole, so an interrupted run never leaves half a base.
    await Deno.rename(`${work}/base.tar`, CACHE_FILE);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  return CACHE_FILE;
}

/** This machine's certificate authorities, where Debian's ca-certificates keeps them. */
const MACHINE_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

/**
 * Import the Debian base as `debianTag`, and on it build `denoTag`: Debian plus the deno
 * binary that runs this test, copied from a build context the way the official Deno image
 * adds its own. `denoTag` stands in for `denoland/deno:debian` as the Dockerfile's base.
 *
 * It also trusts what this machine trusts (`DENO_CERT`): where the npm registry is reached
 * through a TLS-inspecting proxy, only the machine's own bundle holds the proxy's authority,
 * and a base image for such a network carries it, as an organisation's own base images do.
 */
export async function buildDenoBase(podman: Podman, debianTag: string, denoTag: string) {
  await podman.run(["import", await baseTarball(), debianTag]);
  const context = await podman.scratch("deno-base");
  await Deno.copyFile(Deno.execPath(), `${context}/deno`);
  const lines = [`FROM ${debianTag}`, "COPY deno /usr/bin/deno"];
  try {
    await Deno.copyFile(MACHINE_CA_BUNDLE, `${context}/machine-ca.crt`);
    lines.push(`COPY machine-ca.crt ${MACHINE_CA_BUNDLE}`, `ENV DENO_CERT=${MACHINE_CA_BUNDLE}`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.writeTextFile(`${context}/Containerfile`, lines.join("\n") + "\n");
  await podman.run(["build", "--pull=never", "--network", "host", "-t", denoTag, context]);
}
