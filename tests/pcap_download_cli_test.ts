/**
 * `--keep SIZE` and GET /api/pcap end to end, against Wireshark's and tcpdump's readers: a corpus
 * capture served with --keep gives, for everything, the last N seconds, one flow's BPF and one
 * host's, the frames tshark reads from the original with the same selection (tcpdump applying
 * the BPF), to the nanosecond and the byte (MD5). A file bigger than the ring leaves exactly its
 * newest packets that fit.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";
import { type ServedCli, startServedCli } from "./support/served_cli.ts";
import { PcapWriter } from "../capture/savefile/mod.ts";
import { MIN_KEEP_BYTES, recordBytes } from "../capture/keep/keep_ring.ts";
import { tsharkFrames } from "./support/tshark_frames.ts";

const CAPTURE = "lan_mix_iphone_wifi.pcap";

async function output(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(
    out.code,
    0,
    `${command} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
  );
  return text;
}

/** The original's frames that tcpdump's BPF `filter` selects, as tshark reads them. */
async function oracleForBpf(dir: string, original: string, filter: string): Promise<string[]> {
  const out = `${dir}/oracle-${crypto.randomUUID()}.pcap`;
  await output("tcpdump", ["-r", original, "-w", out, filter]);
  return await tsharkFrames(out);
}

/** GET `path` from `server`, saved to a file in `dir`; the response's headers beside it. */
async function download(server: ServedCli, dir: string, query: string) {
  const response = await fetch(`${server.url}api/pcap${query}`);
  assert.equal(response.status, 200, await response.clone().text());
  const bytes = new Uint8Array(await response.arrayBuffer());
  const format = /filename=wirescope-\d{8}T\d{6}Z\.(pcapng|pcap)$/.exec(
    response.headers.get("content-disposition") ?? "",
  );
  assert.ok(format, `Content-Disposition: ${response.headers.get("content-disposition")}`);
  const path = `${dir}/${crypto.randomUUID()}.${format[1]}`;
  await Deno.writeFile(path, bytes);
  return { path, headers: response.headers };
}

/** Nanoseconds since the epoch, from tshark's `frame.time_epoch` (9 decimals). */
function epochNs(row: string): bigint {
  const [sec, frac] = row.split("\t")[0]!.split(".");
  return BigInt(sec!) * 1_000_000_000n + BigInt((frac ?? "").padEnd(9, "0"));
}

async function served(args: string[]): Promise<ServedCli> {
  const server = await startServedCli([...args, "--port", "0", "--no-db", "--no-drop"]);
  await server.printed(/read [\d,]+ packets/);
  return server;
}

Deno.test("GET /api/pcap with --keep gives tshark's frames: all, last N seconds, a flow, a host", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-keep-" });
  const original = capturePath(CAPTURE);
  const server = await served(["-r", original, "--keep", "4m"]);
  try {
    const want = await tsharkFrames(original);
    const all = await download(server, dir, "");
    assert.equal(all.headers.get("x-wirescope-kept-packets"), String(want.length));
    assert.deepEqual(await tsharkFrames(all.path), want);

    // The last N seconds of capture time, counted back from the newest packet to the ns.
    for (const seconds of [1, 2, 5, 10, 20, 40]) {
      const cutoff = epochNs(want.at(-1)!) - BigInt(seconds) * 1_000_000_000n;
      const recent = await download(server, dir, `?seconds=${seconds}`);
      const wantRecent = want.filter((row) => epochNs(row) >= cutoff);
      assert.ok(wantRecent.length > 0 && wantRecent.length < want.length);
      assert.deepEqual(await tsharkFrames(recent.path), wantRecent, `last ${seconds} s`);
    }

    // One TCP conversation, as the dashboard's "download this flow" asks for it.
    const [a, b, p, q] = (await output("tshark", [
      "-r",
      original,
      "-Y",
      "ip and tcp",
      "-T",
      "fields",
      "-e",
      "ip.src",
      "-e",
      "ip.dst",
      "-e",
      "tcp.srcport",
      "-e",
      "tcp.dstport",
    ])).split("\n")[0]!.split("\t");
    const flowBpf = `host ${a} and host ${b} and port ${p} and port ${q} and tcp`;
    const flow = await download(server, dir, `?filter=${encodeURIComponent(flowBpf)}`);
    const wantFlow = await oracleForBpf(dir, original, flowBpf);
    assert.ok(wantFlow.length > 1);
    assert.deepEqual(await tsharkFrames(flow.path), wantFlow);

    // One host, in pcapng, within the last 30 seconds: the selections combine.
    const hostBpf = `host ${a}`;
    const host = await download(
      server,
      dir,
      `?filter=${encodeURIComponent(hostBpf)}&seconds=30&format=pcapng`,
    );
    assert.match(host.path, /\.pcapng$/);
    assert.equal(host.headers.get("content-type"), "application/x-pcapng");
    assert.equal(all.headers.get("content-type"), "application/vnd.tcpdump.pcap");
    const cutoff30 = epochNs(want.at(-1)!) - 30_000_000_000n;
    const wantHost = (await oracleForBpf(dir, original, hostBpf)).filter((row) =>
      epochNs(row) >= cutoff30
    );
    assert.ok(wantHost.length > 0);
    assert.deepEqual(await tsharkFrames(host.path), wantHost);

    // A filter libpcap refuses: 400 JSON quoting libpcap.
    const bad = await fetch(`${server.url}api/pcap?filter=${encodeURIComponent("host and and")}`);
    assert.equal(bad.status, 400);
    const error = (await bad.json()).error;
    assert.equal(error.parameter, "filter");
    assert.match(error.message, /^Cannot use filter "host and and": .*syntax error$/);

    const stats = await (await fetch(`${server.url}stats`)).json();
    assert.equal(stats.keep.packets, want.length);
    assert.equal(stats.keep.bytes, 4 * 1_048_576);
    assert.equal(BigInt(stats.keep.oldest), epochNs(want[0]!) / 1_000_000n);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--keep smaller than the file keeps exactly its newest packets that fit, no more", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-keep-" });
  // 3000 UDP frames of 1000 bytes (~3 MB) through a 1 MiB ring.
  const path = `${dir}/big.pcap`;
  const writer = new PcapWriter({ linkType: 1, nanosecond: true });
  const frame = new Uint8Array(1000);
  const view = new DataView(frame.buffer);
  view.setUint16(12, 0x0800);
  frame.set([0x45, 0, 0x03, 0xda, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2], 14);
  for (let i = 0; i < 3000; i++) {
    view.setUint32(42, i); // every frame differs: tshark's MD5 tells them apart
    writer.writePacket(1_700_000_000 + Math.floor(i / 10), (i % 10) * 1000, frame);
  }
  await Deno.writeFile(path, writer.toBytes(), { mode: 0o644 });
  const server = await served(["-r", path, "--keep", "1m"]);
  try {
    const want = await tsharkFrames(path);
    const kept = await tsharkFrames((await download(server, dir, "")).path);
    assert.ok(kept.length > 0 && kept.length < want.length);
    assert.deepEqual(kept, want.slice(want.length - kept.length), "the newest, in order");
    const record = recordBytes(1000);
    // Bounded by the ring: what is kept fits in it, and one packet more would not have (a record
    // never straddles the ring's end, so up to one record of room may go unused there).
    assert.ok(kept.length * record <= MIN_KEEP_BYTES);
    assert.ok((kept.length + 2) * record > MIN_KEEP_BYTES, `${kept.length} kept`);
    const stats = await (await fetch(`${server.url}stats`)).json();
    assert.equal(stats.keep.packets, kept.length);
    assert.equal(stats.keep.bytes, MIN_KEEP_BYTES);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("GET /api/pcap without --keep says to start with it; --keep past 1g is refused", async () => {
  const server = await served(["-r", capturePath(CAPTURE)]);
  try {
    const response = await fetch(`${server.url}api/pcap`);
    assert.equal(response.status, 409);
    assert.match((await response.json()).error.message, /start wirescope with --keep SIZE/);
    const stats = await (await fetch(`${server.url}stats`)).json();
    assert.equal(stats.keep, undefined);
  } finally {
    await server.stop();
  }
  const tooBig = await runCli(["-r", capturePath(CAPTURE), "--keep", "2g"]);
  assert.equal(tooBig.code, 2);
  assert.equal(tooBig.stderr.trim().split("\n").length, 1);
  assert.match(tooBig.stderr, /Invalid --keep "2g": expected from 1m to 1g/);
});
