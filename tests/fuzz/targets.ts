/**
 * What the fuzzer feeds: every parser that reads bytes from outside, each with seeds taken from
 * the real captures and a check of what counts as a failure. A parser may refuse its input (a
 * SavefileError, a QueryError); it may not throw anything else, report a caught fault, or read
 * past the end (inputs sit in buffers exactly as long as they are, so an over-read throws).
 */
import { DecodedPacket } from "../../capture/decode/packet.ts";
import { decodeFrame } from "../../capture/decode/decoder.ts";
import { AppInspector } from "../../capture/inspect/app_inspector.ts";
import { openSavefile, SavefileError } from "../../capture/savefile/mod.ts";
import { parseDisplayFilter } from "../../stats/display_filter.ts";
import { QueryError } from "../../stats/query_error.ts";
import { MmdbFormatError, MmdbReader } from "../../stats/enrich/mmdb_reader.ts";
import { captureNames, capturePath } from "../support/captures.ts";
import { type MmdbValue, MmdbWriter } from "../../stats/enrich/data/mmdb_writer.ts";
import { collectorTarget } from "./collector_target.ts";
import { httpTarget } from "./http_target.ts";

/** One input kind and how to run it. */
export interface FuzzTarget {
  name: string;
  /** Seed inputs (real data), mutated into cases. */
  seeds: Uint8Array<ArrayBuffer>[];
  /**
   * Runs one case; throws (or rejects) only on a failure (an error the parser must not raise).
   * Only targets that must wait (the HTTP handler) return a promise.
   */
  run(input: Uint8Array<ArrayBuffer>): void | Promise<void>;
  /** Cases of this target per hundred: slow targets (a file per case) get fewer. */
  share: number;
}

/** Frames taken from the corpus per capture, and captures read for seeds. */
const FRAMES_PER_CAPTURE = 200;
/** Packets read from one mutated savefile: bounded, like every loop over outside data. */
const MAX_PACKETS_PER_FILE = 10_000;
/** Bytes of each capture used as a savefile seed. */
const SAVEFILE_SEED_BYTES = 8192;

/** Real frames of every link type in the corpus: the first 4 bytes hold the DLT. */
function frameSeeds(): Uint8Array<ArrayBuffer>[] {
  const seeds: Uint8Array<ArrayBuffer>[] = [];
  for (const name of captureNames()) {
    let reader;
    try {
      reader = openSavefile(capturePath(name));
    } catch {
      continue;
    }
    try {
      for (let n = 0; n < FRAMES_PER_CAPTURE && reader.next(); n++) {
        const seed = new Uint8Array(4 + reader.caplen);
        new DataView(seed.buffer).setUint32(0, reader.packetLinkType);
        seed.set(
          new Uint8Array(reader.data.buffer, reader.data.byteOffset + reader.offset, reader.caplen),
          4,
        );
        seeds.push(seed);
      }
    } catch {
      // A damaged corpus file still gave its first frames.
    } finally {
      reader.close();
    }
  }
  return seeds;
}

function frameTarget(): FuzzTarget {
  const packet = new DecodedPacket();
  // One inspector for every case, as the worker keeps one: its tables fill, evict and time out
  // across cases, which is where state bugs live.
  const inspector = new AppInspector();
  let clock = 0;
  return {
    name: "frames (decoder, link types, tunnels, fragments, DNS/TLS/QUIC/HTTP names)",
    seeds: frameSeeds(),
    share: 80,
    run(input) {
      if (input.length < 4) return;
      const linkType = new DataView(input.buffer).getUint32(0);
      const view = new DataView(input.buffer, 4, input.length - 4);
      decodeFrame(linkType, view, 0, view.byteLength, view.byteLength, packet);
      packet.tsSec = clock++;
      const faults = inspector.faults;
      inspector.inspect(packet, view, 0, view.byteLength);
      inspector.drain?.();
      if (inspector.faults !== faults) throw new Error("the name readers caught a fault");
    },
  };
}

function savefileTarget(): FuzzTarget {
  // A file per case: in memory where Linux offers it, so the disk is not what is measured.
  const shm = shmOrTmp();
  const dir = Deno.makeTempDirSync({ prefix: "wirescope-fuzz-", ...(shm ? { dir: shm } : {}) });
  const path = `${dir}/case`;
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  const seeds = captureNames().slice(0, 40).map((name) => {
    const bytes = Deno.readFileSync(capturePath(name));
    return bytes.slice(0, SAVEFILE_SEED_BYTES);
  });
  return {
    name: "pcap/pcapng reader",
    seeds,
    share: 2,
    run(input) {
      Deno.writeFileSync(path, input);
      let reader;
      try {
        reader = openSavefile(path, { chunkBytes: 4096 });
      } catch (error) {
        if (error instanceof SavefileError) return;
        throw error;
      }
      try {
        for (let n = 0; n < MAX_PACKETS_PER_FILE && reader.next(); n++) {
          // Touch the packet's last byte: its view must hold it.
          if (reader.caplen > 0) reader.data.getUint8(reader.offset + reader.caplen - 1);
        }
      } catch (error) {
        if (!(error instanceof SavefileError)) throw error;
      } finally {
        reader.close();
      }
    },
  };
}

function displayFilterTarget(): FuzzTarget {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    name: "display filters (HTTP query text)",
    seeds: [
      "ip.addr == 10.0.0.1 && tcp.port == 443",
      "!(udp.port == 53) || ip.src == 192.0.2.1",
      "ipv6 and not arp",
      "ip.dst != fe80::1 && (tcp || udp)",
    ].map((text) => encoder.encode(text)),
    share: 10,
    run(input) {
      try {
        parseDisplayFilter(decoder.decode(input));
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
      }
    },
  };
}

/** Small MaxMind databases shaped like the embedded ones (country and AS records). */
function mmdbSeeds(): Uint8Array<ArrayBuffer>[] {
  const seeds: Uint8Array<ArrayBuffer>[] = [];
  for (const kind of ["country", "asn"]) {
    const writer = new MmdbWriter({
      databaseType: `Fuzz-${kind}`,
      description: "d",
      buildEpoch: 0,
    });
    for (let i = 0; i < 24; i++) {
      const address = new Uint8Array(16);
      address[12] = i * 10;
      address[13] = i;
      const value: MmdbValue = kind === "country"
        ? { country: { iso_code: `C${i}`, names: { en: `Country ${i}` } }, list: [i, `x${i}`] }
        : { autonomous_system_number: 64_512 + i, autonomous_system_organization: `AS ${i}` };
      writer.insertPrefix(address, 96 + 16, value);
    }
    seeds.push(new Uint8Array(writer.toBytes()));
  }
  return seeds;
}

function mmdbTarget(): FuzzTarget {
  const seeds = mmdbSeeds();
  const probe = new Uint8Array(4);
  return {
    name: "MaxMind database reader",
    seeds,
    share: 8,
    run(input) {
      let reader: MmdbReader;
      try {
        reader = new MmdbReader(input);
      } catch (error) {
        if (error instanceof MmdbFormatError) return;
        throw error;
      }
      for (let i = 0; i < 8; i++) {
        probe[0] = i * 31;
        probe[1] = i;
        try {
          const offset = reader.lookup(probe);
          if (offset >= 0) reader.record(offset);
        } catch (error) {
          if (!(error instanceof MmdbFormatError)) throw error;
        }
      }
    },
  };
}

export function fuzzTargets(): FuzzTarget[] {
  return [
    frameTarget(),
    savefileTarget(),
    displayFilterTarget(),
    mmdbTarget(),
    collectorTarget(),
    httpTarget(),
  ].filter((t) => t.seeds.length > 0);
}

function shmOrTmp(): string | undefined {
  try {
    return Deno.statSync("/dev/shm").isDirectory ? "/dev/shm" : undefined;
  } catch {
    return undefined;
  }
}
