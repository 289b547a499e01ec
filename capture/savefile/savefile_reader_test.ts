import assert from "node:assert/strict";
import { PcapWriter } from "./pcap_writer.ts";
import { PcapngWriter } from "./pcapng_writer.ts";
import { openSavefile } from "./savefile_reader.ts";
import { pattern, readBytes, withTempFile } from "./_test_savefile.ts";
import { capturePath } from "../../tests/support/captures.ts";

Deno.test("next() reuses one buffer: every packet is a window on the same DataView", () => {
  const reader = openSavefile(capturePath("nmap_syn_scan.pcap"));
  try {
    assert.ok(reader.next());
    const view = reader.data;
    let packets = 1;
    while (reader.next()) {
      assert.equal(reader.data, view);
      packets++;
    }
    assert.equal(packets, 2011);
  } finally {
    reader.close();
  }
});

Deno.test("records larger than the chunk grow the buffer and read intact", () => {
  const pcap = new PcapWriter({ linkType: 1 });
  const pcapng = new PcapngWriter();
  pcapng.addInterface(1, { tsresol: 9 });
  const sizes = [65_535, 10, 262_144, 7, 1_000];
  sizes.forEach((size, i) => {
    pcap.writePacket(i, i, pattern(size, i));
    pcapng.writePacket(0, i, i, pattern(size, i));
  });
  for (const bytes of [pcap.toBytes(), pcapng.toBytes()]) {
    for (const chunkBytes of [1, 1000, 4096]) {
      const result = readBytes(bytes, { chunkBytes });
      assert.equal(result.error, undefined);
      assert.deepEqual(result.packets.map((p) => p.caplen), sizes);
      result.packets.forEach((p, i) => assert.deepEqual(p.bytes, pattern(sizes[i] ?? 0, i)));
    }
  }
});

Deno.test('openSavefile("-") reads a capture piped to stdin', async () => {
  const module = new URL("./savefile_reader.ts", import.meta.url).href;
  const script = `
    import { openSavefile } from "${module}";
    const reader = openSavefile("-", { chunkBytes: 100 });
    let packets = 0, bytes = 0;
    while (reader.next()) { packets++; bytes += reader.wireLen; }
    reader.close();
    console.log(JSON.stringify({ format: reader.format, packets, bytes }));
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(Deno.readFileSync(capturePath("pcapng_two_interfaces_us_ns.pcapng")));
  await writer.close();
  const output = await child.output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), {
    format: "pcapng",
    packets: 6,
    bytes: 798,
  });
});

Deno.test("close() is idempotent and ends the packets", () => {
  withTempFile(new PcapWriter({ linkType: 1 }).toBytes(), (path) => {
    const reader = openSavefile(path);
    reader.close();
    reader.close();
    assert.equal(reader.next(), false);
  });
});

Deno.test("openSavefile() rejects a chunk size that is not a positive integer", () => {
  assert.throws(() => openSavefile("-", { chunkBytes: 0 }), RangeError);
  assert.throws(() => openSavefile("-", { chunkBytes: 1.5 }), RangeError);
});

Deno.test("a µs fraction of a second or more carries into the seconds", () => {
  const bytes = new PcapWriter({ linkType: 1 }).toBytes();
  const record = new Uint8Array(16 + 4);
  const view = new DataView(record.buffer);
  view.setUint32(0, 100, true);
  view.setUint32(4, 2_500_000, true); // 2.5 s in the µs field
  view.setUint32(8, 4, true);
  view.setUint32(12, 4, true);
  const file = new Uint8Array(bytes.length + record.length);
  file.set(bytes);
  file.set(record, bytes.length);
  const [packet] = readBytes(file).packets;
  assert.deepEqual([packet?.tsSec, packet?.tsNsec], [102, 500_000_000]);
});
