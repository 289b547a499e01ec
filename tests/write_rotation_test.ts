/**
 * `-w` rotation as tcpdump reads it back: `-C` (size), `-W` (ring) and `-G` (seconds, strftime
 * names) on corpus captures. Every file must open in tcpdump, and the files in the order they
 * were written must hold exactly the original's packets (the newest ones, under -W).
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";

/** 74 packets, 12 kB over 2.3 s: a dozen 1 KiB files. */
const SMALL = capturePath("ssh_openssh_curve25519.pcap");
/** 500 packets over 102 s: ten-second files. */
const LONG = capturePath("lan_mix_android_dhcp_ntp.pcap");
/** -C 1k: KiB, as tcpdump 4.99 reads the suffix. */
const KIB = 1024;

/** tcpdump's lines for a file, one per packet: ns time, link header, every byte in hex. */
async function tcpdumpPackets(path: string): Promise<string[]> {
  const out = await new Deno.Command("tcpdump", {
    // -S: absolute sequence numbers; relative ones start again in every file.
    args: ["-r", path, "-nn", "-S", "--nano", "-tt", "-e", "-x"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, `tcpdump cannot read ${path}: ${new TextDecoder().decode(out.stderr)}`);
  // Hex lines belong to the packet line above them: one string per packet.
  return new TextDecoder().decode(out.stdout).split(/\n(?=\d)/).map((p) => p.trimEnd())
    .filter((p) => p !== "");
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-rotate-" });
  // Run as root, wirescope becomes another user before it reads a packet (as tcpdump -Z does):
  // the files rotation makes are made by that user, so the folder must let anyone write.
  await Deno.chmod(dir, 0o777);
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function run(args: string[]): Promise<void> {
  const result = await runCli([...args, "--report", "json"]);
  assert.equal(result.code, 0, result.stderr);
}

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

Deno.test("-C 1k splits a capture into files just past 1 KiB, numbered as tcpdump's", async () => {
  await withDir(async (dir) => {
    await run(["-r", SMALL, "-w", `${dir}/out.pcap`, "-C", "1k"]);
    const files = names(dir);
    // out.pcap, then out.pcap1, out.pcap2, ...: in the order written.
    const ordered = ["out.pcap", ...files.filter((n) => n !== "out.pcap")]
      .sort((a, b) => Number(a.slice(8) || 0) - Number(b.slice(8) || 0));
    assert.ok(ordered.length >= 8, `a dozen files, got ${ordered.join(" ")}`);
    assert.deepEqual(ordered.slice(0, 3), ["out.pcap", "out.pcap1", "out.pcap2"]);
    const written: string[] = [];
    for (const [i, name] of ordered.entries()) {
      const packets = await tcpdumpPackets(`${dir}/${name}`);
      assert.ok(packets.length > 0, name);
      written.push(...packets);
      const size = Deno.statSync(`${dir}/${name}`).size;
      if (i < ordered.length - 1) {
        // The size is checked before each packet: a file ends with the first packet past 1 KiB.
        assert.ok(size > KIB, `${name} is ${size} bytes`);
      } else {
        assert.ok(size <= KIB + 1600, `the last file, ${name}, is ${size} bytes`);
      }
    }
    assert.deepEqual(written, await tcpdumpPackets(SMALL));
  });
});

Deno.test("-C 1k -W 3 keeps three numbered files, the newest packets, as a ring", async () => {
  await withDir(async (dir) => {
    await run(["-r", SMALL, "-w", `${dir}/out.pcap`, "-C", "1k", "-W", "3"]);
    assert.deepEqual(names(dir), ["out.pcap0", "out.pcap1", "out.pcap2"]);
    const files = await Promise.all(names(dir).map((n) => tcpdumpPackets(`${dir}/${n}`)));
    // The ring's oldest file follows the newest; find the order by the first packet's time.
    const byTime = files.slice().sort((a, b) => a[0]!.localeCompare(b[0]!));
    const original = await tcpdumpPackets(SMALL);
    const kept = byTime.flat();
    assert.ok(kept.length < original.length, "older files were overwritten");
    assert.deepEqual(kept, original.slice(original.length - kept.length));
  });
});

Deno.test("-G 10 with a strftime name starts a file every ten seconds of packet time", async () => {
  await withDir(async (dir) => {
    await run(["-r", LONG, "-w", `${dir}/cap-%s.pcap`, "-G", "10"]);
    const files = names(dir);
    assert.ok(files.length >= 8, `about ten files over 102 s, got ${files.length}`);
    const written: string[] = [];
    for (const name of files) {
      const start = Number(/^cap-(\d+)\.pcap$/.exec(name)?.[1]);
      assert.ok(Number.isInteger(start), name);
      const packets = await tcpdumpPackets(`${dir}/${name}`);
      assert.equal(Math.floor(Number(packets[0]!.split(" ")[0])), start, `${name} starts it`);
      for (const packet of packets) {
        const seconds = Number(packet.split(" ")[0]) - start;
        assert.ok(seconds >= 0 && seconds < 11, `${name} holds a packet ${seconds} s in`);
      }
      written.push(...packets);
    }
    assert.deepEqual(written, await tcpdumpPackets(LONG));
  });
});

Deno.test("-G 10 -W 3 keeps the three newest periods and deletes the rest", async () => {
  await withDir(async (dir) => {
    await run(["-r", LONG, "-w", `${dir}/cap-%s.pcap`, "-G", "10", "-W", "3"]);
    const files = names(dir);
    assert.equal(files.length, 3, files.join(" "));
    const kept = (await Promise.all(files.map((n) => tcpdumpPackets(`${dir}/${n}`)))).flat();
    const original = await tcpdumpPackets(LONG);
    assert.deepEqual(kept, original.slice(original.length - kept.length));
  });
});
