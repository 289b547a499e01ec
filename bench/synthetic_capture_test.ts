import assert from "node:assert/strict";
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket, L3, L4 } from "../capture/decode/packet.ts";
import { openSavefile } from "../capture/savefile/savefile_reader.ts";
import {
  type CaptureOptions,
  type CaptureSummary,
  generateCapture,
  GENERATOR_VERSION,
} from "./synthetic_capture.ts";
import { DEFAULT_MIX, KIND_NAMES, type KindName } from "./synthetic_traffic.ts";

const CLI = new URL("./synthetic_capture.ts", import.meta.url).pathname;

/** Runs `body` with a fresh capture file, removed afterwards. */
async function withCapture<T>(
  options: Omit<CaptureOptions, "path">,
  body: (path: string, summary: CaptureSummary) => T | Promise<T>,
): Promise<T> {
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    return await body(path, generateCapture({ ...options, path }));
  } finally {
    await Deno.remove(path);
  }
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

interface Decoded {
  kinds: Record<KindName, number>;
  vlanTagged: number;
  errors: number;
  /** Distinct TCP and UDP 5-tuples, and the TCP and UDP packets they came from. */
  tuples: Set<string>;
  transportPackets: number;
  lengths: number[];
  timestamps: number[];
}

/** Classifies every frame with wirescope's own decoder, independently of the generator. */
function decodeAll(path: string): Decoded {
  const kinds = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<KindName, number>;
  const out: Decoded = {
    kinds,
    vlanTagged: 0,
    errors: 0,
    tuples: new Set(),
    transportPackets: 0,
    lengths: [],
    timestamps: [],
  };
  const reader = openSavefile(path);
  const p = new DecodedPacket();
  try {
    while (reader.next()) {
      decodeFrame(reader.linkType, reader.data, reader.offset, reader.caplen, reader.wireLen, p);
      out.lengths.push(reader.caplen);
      out.timestamps.push(reader.tsSec + reader.tsNsec / 1e9);
      if (p.error !== 0) out.errors++;
      if (p.vlanCount > 0) out.vlanTagged++;
      const v6 = p.l3 === L3.ipv6;
      const dns = p.srcPort === 53 || p.dstPort === 53;
      if (p.l3 === L3.arp) kinds.arp++;
      else if (p.l4 === L4.tcp) kinds[v6 ? "tcp6" : "tcp4"]++;
      else if (p.l4 === L4.udp) kinds[dns ? (v6 ? "dns6" : "dns4") : (v6 ? "udp6" : "udp4")]++;
      else if (p.l4 === L4.icmp) kinds.icmp4++;
      else if (p.l4 === L4.icmpv6) kinds.icmp6++;
      if (p.l4 === L4.tcp || p.l4 === L4.udp) {
        out.transportPackets++;
        const src = p.src.subarray(0, p.addrLen).join(".");
        const dst = p.dst.subarray(0, p.addrLen).join(".");
        out.tuples.add(`${p.l4} ${src} ${p.srcPort} ${dst} ${p.dstPort}`);
      }
    }
  } finally {
    reader.close();
  }
  return out;
}

function toolMissing(tool: string): string | undefined {
  try {
    new Deno.Command(tool, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return undefined;
  } catch {
    return `${tool} is not installed`;
  }
}

Deno.test("generateCapture() writes the same bytes for the same seed, other bytes for another", async () => {
  const options = { packets: 3000, seed: 42 };
  const first = await withCapture(options, (path) => sha256(path));
  const again = await withCapture(options, (path) => sha256(path));
  const other = await withCapture({ ...options, seed: 43 }, (path) => sha256(path));
  assert.equal(first, again);
  assert.notEqual(first, other);
});

Deno.test("generateCapture() still writes the bytes GENERATOR_VERSION stands for", async () => {
  // A change here invalidates every cached bench/out file: bump GENERATOR_VERSION, then
  // update the hash.
  const hash = await withCapture({ packets: 1000, seed: 1 }, (path) => sha256(path));
  assert.deepEqual({ version: GENERATOR_VERSION, hash }, {
    version: 1,
    hash: "795165e98d0dfb1bebba62b3681accaf6fad9c05e579f6175f095e55c37b0f24",
  });
});

Deno.test("generateCapture() follows the default mix within 1.5 percentage points", async () => {
  await withCapture({ packets: 20_000, seed: 1 }, (_path, summary) => {
    const total = Object.values(DEFAULT_MIX).reduce((a, b) => a + b, 0);
    for (const kind of KIND_NAMES) {
      const share = summary.kinds[kind] / summary.packets;
      const wanted = DEFAULT_MIX[kind] / total;
      assert.ok(Math.abs(share - wanted) < 0.015, `${kind}: ${share} vs ${wanted}`);
    }
    assert.ok(Math.abs(summary.vlanTagged / summary.packets - 0.05) < 0.02);
  });
});

Deno.test("generateCapture() turns off a kind whose weight is 0", async () => {
  await withCapture({ packets: 2000, seed: 5, mix: { arp: 0, tcp6: 0 } }, (_path, summary) => {
    assert.equal(summary.kinds.arp, 0);
    assert.equal(summary.kinds.tcp6, 0);
    assert.ok(summary.kinds.tcp4 > 0);
  });
});

Deno.test("wirescope's decoder classifies every frame as the summary counted it, without errors", async () => {
  await withCapture({ packets: 20_000, seed: 9 }, (path, summary) => {
    const decoded = decodeAll(path);
    assert.equal(decoded.errors, 0);
    assert.deepEqual(decoded.kinds, summary.kinds);
    assert.equal(decoded.vlanTagged, summary.vlanTagged);
    assert.equal(decoded.lengths.length, summary.packets);
  });
});

Deno.test("generateCapture() makes every TCP and UDP packet its own flow when flows = packets", async () => {
  await withCapture({ packets: 50_000, seed: 3, flows: 50_000 }, (path, summary) => {
    const decoded = decodeAll(path);
    assert.equal(decoded.tuples.size, decoded.transportPackets);
    assert.equal(summary.flows, summary.packets - summary.kinds.arp);
  });
});

Deno.test("generateCapture() spreads frame lengths from 42 to 1518 bytes like a real link", async () => {
  await withCapture({ packets: 20_000, seed: 11 }, (path, summary) => {
    const { lengths } = decodeAll(path);
    assert.equal(summary.minFrame, 42); // an ARP request as its sender captured it
    assert.equal(summary.maxFrame, 1518); // a full-size frame with an 802.1Q tag
    const share = (test: (n: number) => boolean) => lengths.filter(test).length / lengths.length;
    assert.ok(share((n) => n <= 100) > 0.35, "small frames (ACKs, DNS, ARP, pings)");
    assert.ok(share((n) => n >= 1400) > 0.1, "full-size data segments");
    assert.ok(share((n) => n > 100 && n < 1400) > 0.15, "everything between");
    const mean = summary.bytes / summary.packets;
    assert.ok(mean > 300 && mean < 600, `mean frame ${mean} bytes`);
  });
});

Deno.test("generateCapture() advances timestamps at the configured rate, never backwards", async () => {
  const options = { packets: 5000, seed: 2, packetsPerSecond: 1000, startSec: 1_600_000_000 };
  await withCapture(options, (path, summary) => {
    const { timestamps } = decodeAll(path);
    for (let i = 1; i < timestamps.length; i++) {
      assert.ok(timestamps[i]! >= timestamps[i - 1]!, `frame ${i + 1} goes back in time`);
    }
    assert.ok(Math.floor(summary.firstTs) === 1_600_000_000);
    const seconds = summary.lastTs - summary.firstTs;
    assert.ok(Math.abs(seconds - 5) < 0.5, `${seconds} s for 5000 packets at 1000/s`);
  });
});

Deno.test("generateCapture() rejects flows outside [1, packets]", () => {
  assert.throws(
    () => generateCapture({ packets: 10, seed: 1, flows: 11, path: "/nonexistent/x.pcap" }),
    RangeError,
  );
});

Deno.test("the CLI writes the same file as generateCapture() and prints its summary", async () => {
  await withCapture({ packets: 500, seed: 8, flows: 100 }, async (path, summary) => {
    const out = await Deno.makeTempFile({ suffix: ".pcap" });
    try {
      const args = ["run", "--allow-write", CLI, "--packets", "500", "--seed", "8"];
      const command = new Deno.Command(Deno.execPath(), {
        args: [...args, "--flows", "100", "--out", out],
        stdout: "piped",
        stderr: "piped",
      });
      const result = await command.output();
      assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(result.stdout)), summary);
      assert.equal(await sha256(out), await sha256(path));
    } finally {
      await Deno.remove(out);
    }
  });
});

const noTcpdump = toolMissing("tcpdump");
if (noTcpdump) console.log(`Skipping the tcpdump check: ${noTcpdump}`);
Deno.test({
  name: "tcpdump -vv reads the capture with no bad checksum, truncation or error",
  ignore: noTcpdump !== undefined,
  fn: () =>
    withCapture({ packets: 5000, seed: 4 }, async (path) => {
      const args = ["-r", path, "-nn", "-vv"];
      const out = await new Deno.Command("tcpdump", { args, stdout: "piped", stderr: "piped" })
        .output();
      const text = new TextDecoder().decode(out.stdout);
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.equal(text.match(/^\d\d:/gm)?.length, 5000);
      // tcpdump marks a bad checksum "incorrect" / "bad cksum" and a cut header "[|proto]".
      assert.doesNotMatch(text, /incorrect|bad cksum|\[\|\w+\]|malformed/i);
    }),
});

const noTshark = toolMissing("tshark");
if (noTshark) console.log(`Skipping the tshark check: ${noTshark}`);
Deno.test({
  name: "tshark finds no malformed packet and no bad checksum in the capture",
  ignore: noTshark !== undefined,
  fn: () =>
    withCapture({ packets: 5000, seed: 4 }, async (path) => {
      const checks = ["ip", "tcp", "udp"].flatMap((p) => ["-o", `${p}.check_checksum:TRUE`]);
      const args = ["-r", path, "-q", ...checks, "-z", "expert,error", "-z", "io,phs"];
      const out = await new Deno.Command("tshark", { args, stdout: "piped", stderr: "piped" })
        .output();
      const text = new TextDecoder().decode(out.stdout);
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.match(text, /^eth\s+frames:5000 /m);
      // The expert summary lists an "Errors (n)" section only when an error was found.
      assert.doesNotMatch(text, /Errors \(\d+\)/);
      for (const protocol of ["arp", "dns", "icmp", "icmpv6", "vlan", "http", "ntp", "quic"]) {
        assert.match(text, new RegExp(`^\\s+${protocol}\\s+frames:\\d+`, "m"), protocol);
      }
    }),
});
