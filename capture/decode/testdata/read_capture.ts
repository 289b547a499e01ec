/**
 * A minimal pcap / pcapng reader for the whole-file tests: enough to walk the shared captures,
 * nothing more (no streaming, no timestamps). The real reader lives in `capture/savefile/`.
 */

/** One record: where its bytes are in `data`, and the DLT its interface reports. */
export interface CaptureRecord {
  readonly linkType: number;
  readonly offset: number;
  readonly caplen: number;
  readonly wireLen: number;
}

/** A whole capture file in memory, and its records in file order. */
export interface Capture {
  readonly data: DataView;
  readonly records: CaptureRecord[];
}

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const PCAPNG_IDB = 1;
const PCAPNG_OPB = 2;
const PCAPNG_SPB = 3;
const PCAPNG_EPB = 6;
/** LINKTYPE_RAW, which libpcap reports as DLT_RAW (12). */
const LINKTYPE_RAW = 101;
const DLT_RAW = 12;

function toDlt(linktype: number): number {
  return linktype === LINKTYPE_RAW ? DLT_RAW : linktype;
}

/** Read a pcap (µs or ns, either byte order) or pcapng file. */
export async function readCapture(path: string): Promise<Capture> {
  const bytes = await Deno.readFile(path);
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = data.getUint32(0, false);
  if (magic === PCAPNG_SHB) return { data, records: readPcapng(data) };
  for (const little of [false, true]) {
    const m = data.getUint32(0, little);
    if (m === PCAP_MAGIC_US || m === PCAP_MAGIC_NS) {
      return { data, records: readPcap(data, little) };
    }
  }
  throw new SyntaxError(`Cannot read capture "${path}": unknown magic 0x${magic.toString(16)}`);
}

function readPcap(data: DataView, little: boolean): CaptureRecord[] {
  const linkType = toDlt(data.getUint32(20, little) & 0xffff);
  const records: CaptureRecord[] = [];
  for (let p = 24; p + 16 <= data.byteLength;) {
    const caplen = data.getUint32(p + 8, little);
    const wireLen = data.getUint32(p + 12, little);
    records.push({ linkType, offset: p + 16, caplen, wireLen });
    p += 16 + caplen;
  }
  return records;
}

function readPcapng(data: DataView): CaptureRecord[] {
  const records: CaptureRecord[] = [];
  let little = true;
  let interfaces: number[] = [];
  for (let p = 0; p + 12 <= data.byteLength;) {
    if (data.getUint32(p, false) === PCAPNG_SHB) {
      little = data.getUint32(p + 8, true) === PCAPNG_BYTE_ORDER_MAGIC;
      interfaces = [];
    }
    const type = data.getUint32(p, little);
    const length = data.getUint32(p + 4, little);
    if (type === PCAPNG_IDB) interfaces.push(toDlt(data.getUint16(p + 8, little)));
    else if (type === PCAPNG_EPB || type === PCAPNG_OPB) {
      const id = type === PCAPNG_EPB
        ? data.getUint32(p + 8, little)
        : data.getUint16(p + 8, little);
      records.push({
        linkType: interfaces[id] ?? -1,
        offset: p + 28,
        caplen: data.getUint32(p + 20, little),
        wireLen: data.getUint32(p + 24, little),
      });
    } else if (type === PCAPNG_SPB) {
      const wireLen = data.getUint32(p + 8, little);
      records.push({
        linkType: interfaces[0] ?? -1,
        offset: p + 12,
        caplen: Math.min(wireLen, length - 16),
        wireLen,
      });
    }
    p += length;
  }
  return records;
}
