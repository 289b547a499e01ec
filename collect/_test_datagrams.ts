/**
 * Hand-written NetFlow and IPFIX datagrams for the parser tests: big-endian fields joined in
 * order, so each test spells out the bytes an exporter would send.
 */

/** Bytes of `n` as a big-endian unsigned integer of `size` bytes. */
export function be(n: number, size: number): number[] {
  const out: number[] = [];
  for (let i = size - 1; i >= 0; i--) out.push(Math.floor(n / 2 ** (8 * i)) % 256);
  return out;
}

export const u8 = (n: number) => be(n, 1);
export const u16 = (n: number) => be(n, 2);
export const u32 = (n: number) => be(n, 4);
export const u64 = (n: number) => be(n, 8);
export const ip4 = (text: string) => text.split(".").map(Number);

export function join(...parts: (number[] | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const flat = parts.flatMap((p) => [...p]);
  return new Uint8Array(flat);
}

/** A v9 flowset or IPFIX set: id, length (header included, unless `length` says otherwise). */
export function set(id: number, body: number[], length = body.length + 4): number[] {
  return [...u16(id), ...u16(length), ...body];
}

/** A template record: id, field count, then (element, length) pairs. */
export function templateRecord(id: number, fields: [number, number][]): number[] {
  return [...u16(id), ...u16(fields.length), ...fields.flatMap(([e, l]) => [...u16(e), ...u16(l)])];
}

/** A NetFlow v9 datagram around `sets`. */
export function v9(
  sets: number[][],
  o: { uptime?: number; secs?: number; sourceId?: number } = {},
) {
  return join(
    u16(9),
    u16(sets.length),
    u32(o.uptime ?? 100_000),
    u32(o.secs ?? 1_700_000_000),
    u32(1),
    u32(o.sourceId ?? 0),
    ...sets,
  );
}

/** An IPFIX message around `sets`; `length` overrides the header's length field. */
export function ipfix(
  sets: number[][],
  o: { domain?: number; secs?: number; length?: number } = {},
) {
  const body = sets.flat();
  return join(
    u16(10),
    u16(o.length ?? 16 + body.length),
    u32(o.secs ?? 1_700_000_000),
    u32(1),
    u32(o.domain ?? 0),
    body,
  );
}

export interface V5Record {
  src: string;
  dst: string;
  packets: number;
  octets: number;
  first: number;
  last: number;
  sport: number;
  dport: number;
  flags: number;
  proto: number;
}

/** A NetFlow v5 datagram; `count` overrides the header's record count. */
export function v5(
  records: V5Record[],
  o: { count?: number; sampling?: number; uptime?: number; secs?: number } = {},
): Uint8Array<ArrayBuffer> {
  return join(
    u16(5),
    u16(o.count ?? records.length),
    u32(o.uptime ?? 100_000),
    u32(o.secs ?? 1_700_000_000),
    u32(0),
    u32(0),
    u8(0),
    u8(0),
    u16(o.sampling ?? 0),
    ...records.map((r) => [
      ...ip4(r.src),
      ...ip4(r.dst),
      ...u32(0),
      ...u16(0),
      ...u16(0),
      ...u32(r.packets),
      ...u32(r.octets),
      ...u32(r.first),
      ...u32(r.last),
      ...u16(r.sport),
      ...u16(r.dport),
      0,
      r.flags,
      r.proto,
      0,
      ...u16(0),
      ...u16(0),
      0,
      0,
      ...u16(0),
    ]),
  );
}

/** A flow as a test compares it: addresses as text, the rest as numbers. */
export interface SeenFlow {
  src: string;
  dst: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  packets: number;
  octets: number;
  startMs: number;
  endMs: number;
}

function addressText(bytes: Uint8Array, length: number): string {
  if (length === 4) return [...bytes.subarray(0, 4)].join(".");
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return words.join(":");
}

/** A collector that keeps a copy of every flow it hands on. */
export async function collecting(
  options: { maxExporters?: number } = {},
): Promise<{ collector: import("./flow_collector.ts").FlowCollector; flows: SeenFlow[] }> {
  const { FlowCollector } = await import("./flow_collector.ts");
  const flows: SeenFlow[] = [];
  const collector = new FlowCollector((f) =>
    flows.push({
      src: addressText(f.src, f.addrLen),
      dst: addressText(f.dst, f.addrLen),
      protocol: f.protocol,
      srcPort: f.srcPort,
      dstPort: f.dstPort,
      tcpFlags: f.tcpFlags,
      packets: f.packets,
      octets: f.octets,
      startMs: f.startMs,
      endMs: f.endMs,
    }), { ...options, now: () => 0 });
  return { collector, flows };
}
