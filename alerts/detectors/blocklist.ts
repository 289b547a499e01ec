/**
 * Blocklists: any traffic to or from a listed address or network (FireHOL-style entries:
 * addresses and CIDRs). IPv4 entries become sorted, merged ranges searched in O(log n) per
 * address; IPv6 entries are few in published lists and are checked one by one. Hits are counted
 * per listed address and peer per second of the run's clock and reported by `evaluate`.
 */
import { parseCidr } from "../../stats/enrich/cidr.ts";
import type { Cidr } from "../../stats/enrich/cidr.ts";
import { AddressSlots } from "../address_slots.ts";
import { pairSubject, type Report } from "../finding.ts";
import { combine } from "../key_slots.ts";

/** (listed, peer) pairs counted between two evaluations. */
export const BLOCKLIST_HIT_CAP = 4096;
/** Entries in all lists: FireHOL's level-1 list is ~4,500 networks, its "all" sets far more. */
export const MAX_BLOCKLIST_ENTRIES = 1_000_000;

/** The entries of a FireHOL-style list file: one address or CIDR a line, `#` or `;` comments. */
export function parseBlocklistText(text: string, source: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/[#;].*$/, "").trim();
    if (line === "") continue;
    try {
      parseCidr(line, `${source} line ${i + 1}`);
    } catch (error) {
      throw new SyntaxError((error as Error).message);
    }
    out.push(line);
  }
  return out;
}

export class BlocklistDetector {
  /** Listed IPv4 ranges, merged: starts and ends (inclusive) ascending. */
  readonly #starts: Uint32Array;
  readonly #ends: Uint32Array;
  readonly #v6: Cidr[];
  readonly #hits = new AddressSlots(BLOCKLIST_HIT_CAP, 2);
  readonly #packets = new Float64Array(BLOCKLIST_HIT_CAP);
  readonly #outbound = new Float64Array(BLOCKLIST_HIT_CAP);
  readonly entries: number;

  constructor(entries: readonly string[]) {
    if (entries.length > MAX_BLOCKLIST_ENTRIES) {
      throw new RangeError(
        `Cannot load the blocklist: ${entries.length} entries, at most ${MAX_BLOCKLIST_ENTRIES}`,
      );
    }
    const ranges: [number, number][] = [];
    this.#v6 = [];
    for (const entry of entries) {
      const cidr = parseCidr(entry, "blocklist entry");
      if (cidr.len === 16) {
        this.#v6.push(cidr);
        continue;
      }
      const b = cidr.bytes;
      const start = (b[0]! << 24 | b[1]! << 16 | b[2]! << 8 | b[3]!) >>> 0;
      const size = 2 ** (32 - cidr.prefix);
      ranges.push([start, start + size - 1]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    this.#starts = Uint32Array.from(merged, (r) => r[0]);
    this.#ends = Uint32Array.from(merged, (r) => r[1]);
    this.entries = entries.length;
  }

  /** True when the address (4 or 16 bytes) is listed. */
  listed(bytes: Uint8Array, len: number): boolean {
    if (len === 4) {
      const key = (bytes[0]! << 24 | bytes[1]! << 16 | bytes[2]! << 8 | bytes[3]!) >>> 0;
      const starts = this.#starts;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (starts[mid]! <= key) lo = mid + 1;
        else hi = mid - 1;
      }
      return hi >= 0 && key <= this.#ends[hi]!;
    }
    for (const cidr of this.#v6) if (inPrefix(bytes, cidr)) return true;
    return false;
  }

  /** One packet between `src` and `dst`; counts a hit when either is listed. */
  packet(srcKey: number, dstKey: number, src: Uint8Array, dst: Uint8Array, len: number): void {
    if (this.listed(dst, len)) this.#hit(dstKey, srcKey, dst, src, len, true);
    else if (this.listed(src, len)) this.#hit(srcKey, dstKey, src, dst, len, false);
  }

  #hit(
    listedKey: number,
    peerKey: number,
    listed: Uint8Array,
    peer: Uint8Array,
    len: number,
    outbound: boolean,
  ): void {
    const slot = this.#hits.find(combine(listedKey, peerKey));
    if (slot < 0) return;
    if (this.#hits.created) {
      this.#hits.setAddress(slot, 0, listed, len);
      this.#hits.setAddress(slot, 1, peer, len);
      this.#packets[slot] = 0;
      this.#outbound[slot] = 0;
    }
    this.#packets[slot]!++;
    if (outbound) this.#outbound[slot]!++;
  }

  evaluate(nowMs: number, report: Report): void {
    for (let s = 0; s < this.#hits.size; s++) {
      const listed = this.#hits.addressText(s, 0);
      const peer = this.#hits.addressText(s, 1);
      const packets = this.#packets[s]!;
      const outbound = this.#outbound[s]!;
      report({
        rule: "blocklist",
        severity: "warning",
        subject: pairSubject(peer, listed),
        message: `${peer} exchanged ${packets} packets with blocklisted ${listed}`,
        evidence: { listed, peer, packets, toListed: outbound, fromListed: packets - outbound },
        timeMs: nowMs,
      });
    }
    this.#hits.clear();
  }
}

function inPrefix(bytes: Uint8Array, cidr: Cidr): boolean {
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== cidr.bytes[i]) return false;
  }
  return true;
}
