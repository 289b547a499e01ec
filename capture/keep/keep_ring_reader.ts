/**
 * The main thread's side of the `--keep` ring (see keep_ring.ts): walks the records from the
 * oldest to those written before the walk began, copying each out and checking, by sequence
 * number, that the worker did not overwrite it meanwhile. Records lost that way are counted
 * and skipped, never returned half-written.
 */
import {
  CONTROL_BYTES,
  CONTROL_WORDS,
  dataBytesOf,
  KeepControl,
  RECORD_HEADER_BYTES,
  RecordWord,
} from "./keep_ring.ts";

/** One kept packet, copied out: `frame` is reused by the next `next()`. */
export interface KeptPacket {
  seq: number;
  linkType: number;
  tsSec: number;
  tsNsec: number;
  caplen: number;
  wireLen: number;
  /** The frame's bytes: `frame.subarray(0, caplen)`; valid until the next `next()`. */
  frame: Uint8Array<ArrayBuffer>;
}

/** What the ring holds now. */
export interface KeepRingState {
  /** Bytes of packet data the ring can hold. */
  bytes: number;
  packets: number;
  /** Packets never kept because one alone was bigger than the ring. */
  tooBig: number;
  /** The newest packet's timestamp, [seconds, nanoseconds]; null while empty. */
  newest: [number, number] | null;
}

export class KeepRingReader {
  readonly #control: Int32Array;
  readonly #words: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #size: number;

  constructor(buffer: SharedArrayBuffer) {
    this.#control = new Int32Array(buffer, 0, CONTROL_WORDS);
    this.#size = dataBytesOf(buffer);
    this.#words = new Int32Array(buffer, CONTROL_BYTES, this.#size >> 2);
    this.#bytes = new Uint8Array(buffer, CONTROL_BYTES, this.#size);
  }

  state(): KeepRingState {
    const control = this.#control;
    const head = Atomics.load(control, KeepControl.headSeq);
    const tail = Atomics.load(control, KeepControl.tailSeq);
    const packets = (head - tail) | 0;
    return {
      bytes: this.#size,
      packets,
      tooBig: Atomics.load(control, KeepControl.tooBig),
      newest: head === 0 && packets === 0 ? null : [
        Atomics.load(control, KeepControl.newestSec) >>> 0,
        Atomics.load(control, KeepControl.newestNsec),
      ],
    };
  }

  /** A walk over the packets kept now, oldest first; packets written later are not in it. */
  walk(): KeepRingWalk {
    return new KeepRingWalk(this.#control, this.#words, this.#bytes, this.#size, true);
  }

  /** The oldest kept packet's timestamp, [seconds, nanoseconds]; null while empty. */
  oldest(): [number, number] | null {
    const walk = new KeepRingWalk(this.#control, this.#words, this.#bytes, this.#size, false);
    return walk.next() ? [walk.packet.tsSec, walk.packet.tsNsec] : null;
  }

  /** The link types of the packets kept now, each once (headers are read, frames not copied). */
  linkTypes(): number[] {
    const walk = new KeepRingWalk(this.#control, this.#words, this.#bytes, this.#size, false);
    const seen = new Set<number>();
    while (walk.next()) seen.add(walk.packet.linkType);
    return [...seen];
  }
}

export class KeepRingWalk {
  readonly #control: Int32Array;
  readonly #words: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #size: number;
  /** The sequence number the walk stops before: the head when it began. */
  readonly end: number;
  #seq: number;
  #offset: number;
  /** Records the worker overwrote before this walk could copy them. */
  lost = 0;
  readonly packet: KeptPacket;

  readonly #copyFrames: boolean;

  constructor(
    control: Int32Array,
    words: Int32Array,
    bytes: Uint8Array,
    size: number,
    copyFrames: boolean,
  ) {
    this.#copyFrames = copyFrames;
    this.#control = control;
    this.#words = words;
    this.#bytes = bytes;
    this.#size = size;
    this.end = Atomics.load(control, KeepControl.headSeq);
    [this.#seq, this.#offset] = this.#tail();
    this.packet = {
      seq: 0,
      linkType: 0,
      tsSec: 0,
      tsNsec: 0,
      caplen: 0,
      wireLen: 0,
      frame: new Uint8Array(0),
    };
  }

  /** Packets left to visit (some may yet be lost). */
  get remaining(): number {
    return (this.end - this.#seq) | 0;
  }

  /** Copy the next packet into `packet`; false once the walk is over. */
  next(): boolean {
    while (((this.end - this.#seq) | 0) > 0) {
      if (this.#copy()) return true;
      // Overwritten under us: every record before the tail is gone; go on from there.
      const [seq, offset] = this.#tail();
      const skipped = (seq - this.#seq) | 0;
      if (skipped <= 0) {
        // The record did not verify, yet the tail has not passed it: impossible unless the
        // ring is being reused from scratch; stop rather than loop.
        this.lost += this.remaining;
        this.#seq = this.end;
        return false;
      }
      const cut = ((this.end - this.#seq) | 0) < skipped ? this.remaining : skipped;
      this.lost += cut;
      this.#seq = ((this.end - seq) | 0) < 0 ? this.end : seq;
      this.#offset = offset;
    }
    return false;
  }

  /** Copy the record at the walk's position; false when it was overwritten. */
  #copy(): boolean {
    const size = this.#size;
    const words = this.#words;
    let offset = this.#offset;
    if (offset + RECORD_HEADER_BYTES > size || words[(offset >> 2) + RecordWord.length] === 0) {
      offset = 0;
    }
    const word = offset >> 2;
    const seq = words[word + RecordWord.seq]!;
    const length = words[word + RecordWord.length]!;
    const caplen = words[word + RecordWord.caplen]!;
    if (
      seq !== this.#seq || caplen < 0 || length !== RECORD_HEADER_BYTES + ((caplen + 3) & ~3) ||
      offset + length > size
    ) {
      return false;
    }
    const packet = this.packet;
    packet.linkType = words[word + RecordWord.linkType]!;
    packet.tsSec = words[word + RecordWord.tsSec]! >>> 0;
    packet.tsNsec = words[word + RecordWord.tsNsec]!;
    packet.wireLen = words[word + RecordWord.wireLen]! >>> 0;
    packet.caplen = caplen;
    if (this.#copyFrames) {
      if (packet.frame.length < caplen) packet.frame = new Uint8Array(Math.max(caplen, 2048));
      const start = offset + RECORD_HEADER_BYTES;
      packet.frame.set(this.#bytes.subarray(start, start + caplen));
    }
    // Still whole only if the tail has not moved past it while it was copied.
    const tail = Atomics.load(this.#control, KeepControl.tailSeq);
    if (((tail - this.#seq) | 0) > 0) return false;
    packet.seq = seq;
    this.#seq = (seq + 1) | 0;
    this.#offset = offset + length;
    return true;
  }

  /** The tail, read so that its offset and sequence number belong together. */
  #tail(): [number, number] {
    const control = this.#control;
    for (;;) {
      const version = Atomics.load(control, KeepControl.tailVersion);
      if ((version & 1) !== 0) continue;
      const seq = Atomics.load(control, KeepControl.tailSeq);
      const offset = Atomics.load(control, KeepControl.tailOffset);
      if (Atomics.load(control, KeepControl.tailVersion) === version) return [seq, offset];
    }
  }
}
