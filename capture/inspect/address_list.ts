/**
 * The A and AAAA data of one DNS answer section as one text, the addresses joined by ",": what
 * a counted response carries (`DnsSink.answer()`). Collected as bytes and remembered by those
 * bytes, so a resolver answering the same address set again makes no string at all.
 */
import { MAX_ANSWERS } from "./dns_cursor.ts";
import { addressText } from "./ip_text.ts";
import { hashBytes, TextCache } from "./text_cache.ts";

const IPV4_LEN = 4;
const IPV6_LEN = 16;
/** Each address is keyed as its length byte, then its bytes: 4+16 and 16+4 differ. */
const ENTRY_MAX = 1 + IPV6_LEN;
/**
 * Address sets remembered: a busy resolver's answers for the names its clients ask most, a
 * few thousand sets. A set longer than `CACHED_ADDRESSES` (8 IPv6 addresses, more than CDNs
 * hand out) is made anew each time. 4096 slots of 136 bytes are 544 KiB.
 */
export const ADDRESS_LIST_SLOTS = 4096;
export const CACHED_ADDRESSES = 8;

export class AddressList {
  /** At most `MAX_ANSWERS` addresses: the cursor reads no more records than that. */
  readonly #key = new Uint8Array(MAX_ANSWERS * ENTRY_MAX);
  readonly #texts = new TextCache(ADDRESS_LIST_SLOTS, CACHED_ADDRESSES * ENTRY_MAX);
  #keyLen = 0;
  #count = 0;

  /** Addresses added since `clear()`. */
  get size(): number {
    return this.#count;
  }

  clear(): void {
    this.#keyLen = 0;
    this.#count = 0;
  }

  /**
   * Add the address `bytes[at, at+len)`; `len` must be 4 or 16, anything else is ignored, as
   * is an address past `MAX_ANSWERS`.
   */
  add(bytes: Uint8Array, at: number, len: number): void {
    if ((len !== IPV4_LEN && len !== IPV6_LEN) || this.#count === MAX_ANSWERS) return;
    const key = this.#key;
    let k = this.#keyLen;
    key[k++] = len;
    for (let i = 0; i < len; i++) key[k++] = bytes[at + i]!;
    this.#keyLen = k;
    this.#count++;
  }

  /** The addresses added, as text joined by ","; "" when there are none. */
  text(): string {
    if (this.#count === 0) return "";
    const key = this.#key;
    const hash = hashBytes(key, 0, this.#keyLen);
    const known = this.#texts.get(key, 0, this.#keyLen, hash);
    if (known !== undefined) return known;
    let text = "";
    for (let k = 0; k < this.#keyLen; k += 1 + key[k]!) {
      const address = addressText(key, k + 1, key[k]!);
      text = k === 0 ? address : `${text},${address}`;
    }
    this.#texts.set(key, 0, this.#keyLen, hash, text);
    return text;
  }
}
