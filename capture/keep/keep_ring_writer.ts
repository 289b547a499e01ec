/**
 * The capture worker's side of the `--keep` ring (see keep_ring.ts): one `write()` per packet
 * that passed the filter, no allocation, the oldest records overwritten when full.
 */
import {
  CONTROL_BYTES,
  CONTROL_WORDS,
  dataBytesOf,
  KeepControl,
  RECORD_HEADER_BYTES,
  recordBytes,
  RecordWord,
} from "./keep_ring.ts";
import { copyViewBytes } from "../view_copy.ts";

export class KeepRingWriter {
  readonly #control: Int32Array;
  /** The data area, as words (record headers) and as bytes (frames). */
  readonly #words: Int32Array;
  readonly #view: DataView;
  readonly #size: number;
  #headSeq: number;
  #headOffset: number;
  #tailSeq: number;
  #tailOffset: number;

  constructor(buffer: SharedArrayBuffer) {
    this.#control = new Int32Array(buffer, 0, CONTROL_WORDS);
    this.#size = dataBytesOf(buffer);
    this.#words = new Int32Array(buffer, CONTROL_BYTES, this.#size >> 2);
    this.#view = new DataView(buffer, CONTROL_BYTES, this.#size);
    const control = this.#control;
    this.#headSeq = Atomics.load(control, KeepControl.headSeq);
    this.#headOffset = Atomics.load(control, KeepControl.headOffset);
    this.#tailSeq = Atomics.load(control, KeepControl.tailSeq);
    this.#tailOffset = Atomics.load(control, KeepControl.tailOffset);
  }

  /** Keep `data[offset, offset + caplen)` with its link type, lengths and timestamp. */
  write(
    linkType: number,
    data: DataView,
    offset: number,
    caplen: number,
    wireLen: number,
    tsSec: number,
    tsNsec: number,
  ): void {
    const size = this.#size;
    const n = recordBytes(caplen);
    const control = this.#control;
    if (n > size) {
      Atomics.add(control, KeepControl.tooBig, 1);
      return;
    }
    let at = this.#headOffset;
    if (this.#tailSeq === this.#headSeq) this.#setTail(this.#headSeq, at);
    if (at + n > size) {
      this.#evict(at, size);
      // A marker where a header fits; with less room left readers wrap on their own.
      if (at + RECORD_HEADER_BYTES <= size) {
        const word = at >> 2;
        this.#words[word + RecordWord.seq] = this.#headSeq;
        this.#words[word + RecordWord.length] = 0;
      }
      at = 0;
      if (this.#tailSeq === this.#headSeq) this.#setTail(this.#headSeq, 0);
    }
    this.#evict(at, at + n);
    const words = this.#words;
    const word = at >> 2;
    words[word + RecordWord.seq] = this.#headSeq;
    words[word + RecordWord.length] = n;
    words[word + RecordWord.linkType] = linkType;
    words[word + RecordWord.tsSec] = tsSec;
    words[word + RecordWord.tsNsec] = tsNsec;
    words[word + RecordWord.caplen] = caplen;
    words[word + RecordWord.wireLen] = wireLen;
    copyViewBytes(data, offset, caplen, this.#view, at + RECORD_HEADER_BYTES);
    this.#headSeq = (this.#headSeq + 1) | 0;
    this.#headOffset = at + n;
    Atomics.store(control, KeepControl.newestSec, tsSec);
    Atomics.store(control, KeepControl.newestNsec, tsNsec);
    Atomics.store(control, KeepControl.headOffset, this.#headOffset);
    Atomics.store(control, KeepControl.headSeq, this.#headSeq);
  }

  /** Move the tail past every record that starts in `[from, to)`: they are about to go. */
  #evict(from: number, to: number): void {
    const size = this.#size;
    const words = this.#words;
    let seq = this.#tailSeq;
    let offset = this.#tailOffset;
    // Each step passes one record: at most every record in the ring, once.
    while (seq !== this.#headSeq && offset >= from && offset < to) {
      offset += words[(offset >> 2) + RecordWord.length]!;
      seq = (seq + 1) | 0;
      // The tail always names a record: past the last one before a wrap, that is the one at 0.
      if (seq !== this.#headSeq && wrapsAt(words, size, offset)) offset = 0;
    }
    if (seq !== this.#tailSeq || offset !== this.#tailOffset) this.#setTail(seq, offset);
  }

  /** Before any byte of the evicted records is overwritten (see keep_ring.ts). */
  #setTail(seq: number, offset: number): void {
    this.#tailSeq = seq;
    this.#tailOffset = offset;
    const control = this.#control;
    Atomics.add(control, KeepControl.tailVersion, 1);
    Atomics.store(control, KeepControl.tailOffset, offset);
    Atomics.store(control, KeepControl.tailSeq, seq);
    Atomics.add(control, KeepControl.tailVersion, 1);
  }
}

/** True when a reader at `offset` goes back to 0: no room for a header, or a wrap marker. */
function wrapsAt(words: Int32Array, size: number, offset: number): boolean {
  return offset + RECORD_HEADER_BYTES > size || words[(offset >> 2) + RecordWord.length] === 0;
}
