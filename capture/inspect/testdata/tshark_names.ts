/**
 * Test helper: a capture built in a test, read by tshark and by the inspector, frame by frame,
 * so that each case is checked against tshark in the test itself.
 */
import { DecodedPacket } from "../../decode/packet.ts";
import { decodeFrame } from "../../decode/decoder.ts";
import { openSavefile } from "../../savefile/mod.ts";
import { AppInspector } from "../app_inspector.ts";
import type { NameEvent } from "../name_event.ts";

const LINKTYPE_ETHERNET = 1;

/** `frames` (Ethernet) as a classic pcap file, one second apart, in a temporary file. */
export function writeTempPcap(frames: Uint8Array[]): string {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.length, 0);
  const out = new DataView(new ArrayBuffer(size));
  out.setUint32(0, 0xa1b2c3d4, true);
  out.setUint16(4, 2, true);
  out.setUint16(6, 4, true);
  out.setUint32(16, 262144, true);
  out.setUint32(20, LINKTYPE_ETHERNET, true);
  let at = 24;
  frames.forEach((frame, i) => {
    out.setUint32(at, 1_700_000_000 + i, true);
    out.setUint32(at + 8, frame.length, true);
    out.setUint32(at + 12, frame.length, true);
    new Uint8Array(out.buffer, at + 16, frame.length).set(frame);
    at += 16 + frame.length;
  });
  const path = Deno.makeTempFileSync({ prefix: "wirescope_names_", suffix: ".pcap" });
  Deno.writeFileSync(path, new Uint8Array(out.buffer));
  return path;
}

/**
 * tshark's values of `fields` in each frame of `path` (index 0 is frame 1), as its JSON output
 * shows them (the form the corpus's expected files hold).
 */
export async function tsharkFields(
  path: string,
  fields: string[],
): Promise<Record<string, string[]>[]> {
  const args = ["-r", path, "-T", "json", ...fields.flatMap((f) => ["-e", f])];
  const out = await new Deno.Command("tshark", { args, stdout: "piped", stderr: "piped" }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`tshark failed: ${stderr}`);
  const frames = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    _source: { layers: Record<string, string[]> };
  }[];
  return frames.map((f) => f._source.layers);
}

/** The inspector's events for each frame of `path` (index 0 is frame 1), and its fault count. */
export function inspectedEvents(path: string): { events: NameEvent[][]; faults: number } {
  const reader = openSavefile(path);
  const packet = new DecodedPacket();
  const inspector = new AppInspector();
  const events: NameEvent[][] = [];
  try {
    while (reader.next()) {
      // A view exactly caplen long: a read past caplen would throw, and count as a fault.
      const { data, offset, caplen } = reader;
      const frame = new DataView(data.buffer, data.byteOffset + offset, caplen);
      decodeFrame(reader.packetLinkType, frame, 0, caplen, reader.wireLen, packet);
      packet.tsSec = reader.tsSec;
      packet.tsNsec = reader.tsNsec;
      inspector.inspect(packet, frame, 0, caplen);
      events.push(inspector.drain());
    }
  } finally {
    reader.close();
  }
  return { events, faults: inspector.faults };
}

/** The names of `kinds` among `events`, in order. */
export function namesOf(events: NameEvent[], ...kinds: NameEvent["kind"][]): string[] {
  const names: string[] = [];
  for (const e of events) if (kinds.includes(e.kind) && "name" in e) names.push(e.name);
  return names;
}
