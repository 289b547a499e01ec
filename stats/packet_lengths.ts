/**
 * Packet sizes: how many frames fell in each of tshark's `-z plen,tree` buckets, with the count,
 * smallest, largest and sum of each bucket and of all frames. Lengths are wire lengths
 * (`frame.len`), which is what tshark's statistic reads (`pinfo->fd->pkt_len`), not what was
 * captured.
 *
 * `add()` runs once per packet: a few compares pick the bucket and four numbers of one fixed
 * Float64Array change. Nothing is allocated until `snapshot()`.
 */

/**
 * Lower bound of each bucket, as tshark's packet-length statistic (`-z plen,tree`) ranges them;
 * the last bucket is open-ended.
 */
export const PACKET_LENGTH_BUCKETS = [0, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120] as const;

/** Per bucket (and once more, at the end, for all frames): count, min, max, sum. */
const FIELDS = 4;
const COUNT = 0;
const MIN = 1;
const MAX = 2;
const SUM = 3;
const ALL = PACKET_LENGTH_BUCKETS.length;

export interface PacketLengthBucket {
  /** tshark's label: "0-19" ... "2560-5119", "5120 and greater". */
  range: string;
  /** Smallest length the bucket takes. */
  from: number;
  /** Largest length it takes; null for the open-ended last bucket. */
  to: number | null;
  packets: number;
  /** Smallest, largest and mean length of the frames in the bucket; null when it is empty. */
  min: number | null;
  max: number | null;
  mean: number | null;
}

export interface PacketLengthsSnapshot {
  packets: number;
  /** Over every frame; null before the first. */
  min: number | null;
  max: number | null;
  mean: number | null;
  buckets: PacketLengthBucket[];
}

export class PacketLengths {
  readonly #cells = new Float64Array((ALL + 1) * FIELDS);

  constructor() {
    for (let b = 0; b <= ALL; b++) this.#cells[b * FIELDS + MIN] = Infinity;
  }

  /** Count one frame of `length` bytes on the wire. */
  add(length: number): void {
    this.#count(bucketOf(length) * FIELDS, length);
    this.#count(ALL * FIELDS, length);
  }

  #count(at: number, length: number): void {
    const c = this.#cells;
    c[at + COUNT] = c[at + COUNT]! + 1;
    if (length < c[at + MIN]!) c[at + MIN] = length;
    if (length > c[at + MAX]!) c[at + MAX] = length;
    c[at + SUM] = c[at + SUM]! + length;
  }

  snapshot(): PacketLengthsSnapshot {
    const all = this.#summary(ALL);
    return {
      packets: all.packets,
      min: all.min,
      max: all.max,
      mean: all.mean,
      buckets: PACKET_LENGTH_BUCKETS.map((from, b) => {
        const next = PACKET_LENGTH_BUCKETS[b + 1];
        const to = next === undefined ? null : next - 1;
        return {
          range: to === null ? `${from} and greater` : `${from}-${to}`,
          from,
          to,
          ...this.#summary(b),
        };
      }),
    };
  }

  #summary(bucket: number): Pick<PacketLengthBucket, "packets" | "min" | "max" | "mean"> {
    const at = bucket * FIELDS;
    const c = this.#cells;
    const n = c[at + COUNT]!;
    if (n === 0) return { packets: 0, min: null, max: null, mean: null };
    return { packets: n, min: c[at + MIN]!, max: c[at + MAX]!, mean: c[at + SUM]! / n };
  }
}

/** The bucket of `length`: a binary search over the ten bounds, three or four compares. */
export function bucketOf(length: number): number {
  if (length < 320) {
    if (length < 40) return length < 20 ? 0 : 1;
    return length < 80 ? 2 : length < 160 ? 3 : 4;
  }
  if (length < 1280) return length < 640 ? 5 : 6;
  return length < 2560 ? 7 : length < 5120 ? 8 : 9;
}
