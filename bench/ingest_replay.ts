/**
 * The main thread's per-packet cost alone: "read ring record -> `StatsEngine.ingest()`", timed
 * over records saved from one decoding pass, so neither the worker, the ring hand-off nor a
 * second core's noise is in the figure.
 *
 *   deno run -A bench/ingest_replay.ts record FILE OUT   decode FILE once, save its ring records
 *   deno run -A bench/ingest_replay.ts replay OUT [RUNS] [--no-hints]
 *                                                        time RUNS fresh engines over them
 *
 * Records are written as the capture worker writes them when it keys flows for the main thread
 * (`PacketRecord.keyFlow(true)`), with the seed stored in the file's first word; replay drains
 * them in `DRAIN_CHUNK`-sized chunks like `capture_session.ts`. `--no-hints` withholds the flow
 * hints, as when the worker keys no flows: the engine then keys and hashes every packet itself. It prints one line of JSON per
 * run, `{"packets":N,"nsPerPacket":X}`, then the best run.
 */
import { NextResult, PcapHandle } from "../ffi/pcap_handle.ts";
import { decodeFrame } from "../capture/decode/decoder.ts";
import { PacketRecord } from "../capture/packet_record.ts";
import { StatsEngine } from "../stats/engine.ts";

/** The drain's chunk (capture/capture_session.ts): packets handed out between clock looks. */
const DRAIN_CHUNK = 4096;
/** A fixed seed, so the saved hashes are the engine's own (as the live pipeline arranges). */
const REPLAY_SEED = 0x5eed1234;
/** Runs when none is given: the machine is noisy and the best of several is the figure. */
const DEFAULT_RUNS = 5;
/** Words before the records: the seed and the record count. */
const HEADER_WORDS = 2;

/** Decode every frame of `path` into ring records; returns the words (header included). */
export function recordFile(path: string): Int32Array {
  const handle = PcapHandle.openOffline(path);
  const record = new PacketRecord();
  record.seed = REPLAY_SEED;
  const packet = record.packet;
  let words = new Int32Array(HEADER_WORDS + (1 << 16) * PacketRecord.words);
  let n = 0;
  try {
    const linkType = handle.packetLinkType;
    let status: number;
    while ((status = handle.next()) === NextResult.packet) {
      decodeFrame(linkType, handle.data, handle.offset, handle.caplen, handle.wireLen, packet);
      packet.tsSec = handle.tsSec;
      packet.tsNsec = handle.tsNsec;
      record.keyFlow(true);
      const at = HEADER_WORDS + n * PacketRecord.words;
      if (at + PacketRecord.words > words.length) {
        const grown = new Int32Array(words.length * 2);
        grown.set(words);
        words = grown;
      }
      record.write(words, at);
      n++;
    }
    if (status === NextResult.error) {
      throw new Error(`Cannot read "${path}": ${handle.lastError()}`);
    }
  } finally {
    handle.close();
  }
  words[0] = REPLAY_SEED;
  words[1] = n;
  return words.slice(0, HEADER_WORDS + n * PacketRecord.words);
}

/**
 * Ingest every saved record into a fresh engine, with the records' flow hints unless `hints` is
 * false; returns the engine and the ns per packet.
 */
export function replay(
  words: Int32Array,
  hints = true,
): { engine: StatsEngine; nsPerPacket: number } {
  const seed = words[0]!;
  const n = words[1]!;
  const engine = new StatsEngine({ clock: "packet", hashSeed: seed >>> 0 });
  const record = new PacketRecord();
  record.seed = seed;
  const start = performance.now();
  let i = 0;
  while (i < n) {
    const chunk = Math.min(n - i, DRAIN_CHUNK);
    for (let following = chunk - 1; following >= 0; following--) {
      const packet = record.read(words, HEADER_WORDS + i * PacketRecord.words);
      engine.ingest(packet, hints && record.hinted ? record.flow : undefined, following);
      i++;
    }
  }
  const ms = performance.now() - start;
  return { engine, nsPerPacket: n > 0 ? (ms * 1e6) / n : 0 };
}

if (import.meta.main) {
  const hints = !Deno.args.includes("--no-hints");
  const [mode, a, b] = Deno.args.filter((arg) => arg !== "--no-hints");
  if (mode === "record" && a !== undefined && b !== undefined) {
    const words = recordFile(a);
    Deno.writeFileSync(b, new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    console.log(JSON.stringify({ packets: words[1], bytes: words.byteLength }));
  } else if (mode === "replay" && a !== undefined) {
    const bytes = Deno.readFileSync(a);
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    const runs = Number(b ?? DEFAULT_RUNS);
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const { nsPerPacket } = replay(words, hints);
      best = Math.min(best, nsPerPacket);
      console.log(JSON.stringify({ packets: words[1], nsPerPacket: Math.round(nsPerPacket) }));
    }
    console.log(JSON.stringify({ best: Math.round(best) }));
  } else {
    console.error(
      "Usage: deno run -A bench/ingest_replay.ts record FILE OUT | replay OUT [RUNS] [--no-hints]",
    );
    Deno.exit(2);
  }
}
