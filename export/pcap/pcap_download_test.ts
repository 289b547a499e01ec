import assert from "node:assert/strict";
import { createKeepBuffer } from "../../capture/keep/keep_ring.ts";
import { KeepRingReader } from "../../capture/keep/keep_ring_reader.ts";
import { KeepRingWriter } from "../../capture/keep/keep_ring_writer.ts";
import { CHUNK_BYTES, DownloadError, pcapDownload } from "./pcap_download.ts";
import { tsharkFieldsOfBytes } from "../../tests/support/tshark_frames.ts";

const EN10MB = 1;
const RAW = 12;
const BASE_SEC = 1_700_000_000;

/** Ethernet + IPv4 + UDP from 10.0.0.1:`port` to 10.0.0.2:53, `size` bytes in all. */
function udpFrame(port: number, size: number): DataView {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint16(12, 0x0800);
  bytes.set([0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2], 14);
  view.setUint16(16, size - 14);
  view.setUint16(34, port);
  view.setUint16(36, 53);
  view.setUint16(38, size - 34);
  return view;
}

/** A raw-IP (DLT 12) IPv4/UDP frame, for a ring that mixes link types. */
function rawFrame(port: number): DataView {
  const eth = udpFrame(port, 14 + 40);
  return new DataView(eth.buffer, 14);
}

function fill(writer: KeepRingWriter, count: number, from: number, size = 200): void {
  for (let i = from; i < from + count; i++) {
    const frame = udpFrame(1000 + (i % 3), size);
    writer.write(EN10MB, frame, 0, frame.byteLength, frame.byteLength + 4, BASE_SEC + i, i * 7);
  }
}

async function bodyBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** tshark's view of a savefile: epoch time (ns), wire length, captured length, UDP source port. */
function tshark(bytes: Uint8Array, suffix: string): Promise<string[]> {
  return tsharkFieldsOfBytes(bytes, suffix, [
    "frame.time_epoch",
    "frame.len",
    "frame.cap_len",
    "udp.srcport",
  ]);
}

function expected(i: number, size = 200): string {
  const ns = String(i * 7).padStart(9, "0");
  return `${BASE_SEC + i}.${ns}\t${size + 4}\t${size}\t${1000 + (i % 3)}`;
}

Deno.test("pcapDownload writes what the ring holds as tshark reads it, pcap and pcapng", async () => {
  const buffer = createKeepBuffer(1 << 20);
  fill(new KeepRingWriter(buffer), 50, 0);
  const rings = [new KeepRingReader(buffer)];
  const all = Array.from({ length: 50 }, (_, i) => expected(i));
  const pcap = pcapDownload(rings, {});
  assert.equal(pcap.format, "pcap");
  assert.equal(pcap.kept, 50);
  assert.deepEqual(await tshark(await bodyBytes(pcap.body), ".pcap"), all);
  const pcapng = pcapDownload(rings, { format: "pcapng" });
  assert.deepEqual(await tshark(await bodyBytes(pcapng.body), ".pcapng"), all);
});

Deno.test("pcapDownload applies a BPF filter through libpcap and a time window", async () => {
  const buffer = createKeepBuffer(1 << 20);
  fill(new KeepRingWriter(buffer), 60, 0);
  const rings = [new KeepRingReader(buffer)];
  const flow = pcapDownload(rings, { filter: "udp and src port 1001 and dst port 53" });
  const want = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 3 === 1).map((i) =>
    expected(i)
  );
  assert.deepEqual(await tshark(await bodyBytes(flow.body), ".pcap"), want);
  // The newest packet is at BASE_SEC + 59 s + 413 ns: the last 10 s start at 49 s + 413 ns,
  // which packet 49 (at 343 ns) misses.
  const last = pcapDownload(rings, { seconds: 10, filter: "host 10.0.0.2" });
  const wantLast = Array.from({ length: 10 }, (_, k) => expected(50 + k));
  assert.deepEqual(await tshark(await bodyBytes(last.body), ".pcap"), wantLast);
});

Deno.test("pcapDownload refuses a filter libpcap cannot compile, with libpcap's words", () => {
  const buffer = createKeepBuffer(1 << 20);
  fill(new KeepRingWriter(buffer), 3, 0);
  assert.throws(
    () => pcapDownload([new KeepRingReader(buffer)], { filter: "port 99999999" }),
    (error: unknown) =>
      error instanceof DownloadError && error.parameter === "filter" &&
      /port 99999999/.test(error.message) && /illegal port number|out of range/.test(error.message),
  );
});

Deno.test("pcapDownload of two link types is pcapng, and refuses to make it pcap", async () => {
  const eth = createKeepBuffer(1 << 20);
  const raw = createKeepBuffer(1 << 20);
  fill(new KeepRingWriter(eth), 2, 0);
  const rawWriter = new KeepRingWriter(raw);
  const frame = rawFrame(2000);
  rawWriter.write(RAW, frame, 0, frame.byteLength, frame.byteLength, BASE_SEC, 3);
  const rings = [new KeepRingReader(eth), new KeepRingReader(raw)];
  assert.throws(() => pcapDownload(rings, { format: "pcap" }), /format=pcapng/);
  const download = pcapDownload(rings, {});
  assert.equal(download.format, "pcapng");
  // Merged by time: the raw packet (3 ns) between the Ethernet ones (0 ns, then 1 s 7 ns).
  const rows = await tshark(await bodyBytes(download.body), ".pcapng");
  assert.deepEqual(rows, [expected(0), `${BASE_SEC}.000000003\t40\t40\t2000`, expected(1)]);
});

Deno.test("pcapDownload streams chunk by chunk, not one buffer of the whole ring", async () => {
  const buffer = createKeepBuffer(4 << 20);
  fill(new KeepRingWriter(buffer), 3000, 0, 1000); // ~3 MB
  const download = pcapDownload([new KeepRingReader(buffer)], {});
  const reader = download.body.getReader();
  const first = await reader.read();
  assert.ok(first.value !== undefined && first.value.length <= CHUNK_BYTES);
  // After one chunk, most packets have not been copied out of the ring yet.
  assert.ok(download.progress().written < 100, `${download.progress().written} written`);
  let chunks = 1;
  let bytes = first.value.length;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks++;
    bytes += r.value.length;
  }
  assert.equal(download.progress().written, 3000);
  assert.ok(chunks >= Math.floor(bytes / CHUNK_BYTES), `${chunks} chunks for ${bytes} bytes`);
});

Deno.test("pcapDownload leaves out the packets overwritten while it streams, whole ones only", async () => {
  const buffer = createKeepBuffer(1 << 20);
  const writer = new KeepRingWriter(buffer);
  fill(writer, 4000, 0); // 228 bytes a record: the ring holds the newest ~4599
  const download = pcapDownload([new KeepRingReader(buffer)], {});
  const reader = download.body.getReader();
  const parts: Uint8Array[] = [];
  const first = await reader.read();
  parts.push(first.value!);
  // The capture goes on meanwhile and overwrites the oldest packets the download has not sent.
  fill(writer, 2000, 4000);
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  const rows = await tshark(whole, ".pcap");
  const { written, lost } = download.progress();
  assert.ok(lost > 0, "some packets were overwritten before they were sent");
  assert.equal(rows.length, written);
  assert.equal(written + lost, 4000, "every packet is sent or counted lost");
  // Every packet sent is whole and one of those written, in order.
  const index = rows.map((row) => Number(row.split(".")[0]) - BASE_SEC);
  rows.forEach((row, k) => assert.equal(row, expected(index[k]!)));
  assert.ok(index.every((i, k) => k === 0 || i > index[k - 1]!));
});

Deno.test("pcapDownload as pcapng ends with a section whose comment says how many were lost", async () => {
  const buffer = createKeepBuffer(1 << 20);
  const writer = new KeepRingWriter(buffer);
  fill(writer, 4000, 0);
  const download = pcapDownload([new KeepRingReader(buffer)], { format: "pcapng" });
  const reader = download.body.getReader();
  const parts: Uint8Array[] = [(await reader.read()).value!];
  fill(writer, 2000, 4000);
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  const path = await Deno.makeTempFile({ suffix: ".pcapng" });
  try {
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (whole.set(p, at), at + p.length), 0);
    await Deno.writeFile(path, whole);
    const { lost, written } = download.progress();
    assert.ok(lost > 0);
    const out = await new Deno.Command("capinfos", { args: ["-c", "-k", path], stdout: "piped" })
      .output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, text);
    assert.match(text, new RegExp(`Number of packets: +${written}\\b`));
    assert.match(
      text,
      new RegExp(`wirescope: ${lost} packets were overwritten in the --keep ring`),
    );
  } finally {
    await Deno.remove(path);
  }
});
