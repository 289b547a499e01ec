/**
 * The opt-in payload detectors, run in the capture worker (the only thread that sees payload
 * bytes): the user's RE2 rules, and the entropy of what a client sends to a cleartext port.
 * Each packet's transport payload is scanned in place, at most `MAX_PAYLOAD_SCAN_BYTES` of it
 * and never past what was captured; nothing of it is copied or kept, only a hit's addresses,
 * ports and rule. Loaded (with RE2) only when the user asks for payload rules or entropy, so a
 * run without them pays one field test per packet.
 *
 * Cost when on: RE2's matcher allocates a little per call (its input wrapper and match state),
 * and the scan needs one view of the payload per packet. RE2's time is linear in the bytes
 * scanned; the rules are first tried together as one alternation, so a packet that matches none
 * (nearly all of them) costs one pass over at most `MAX_PAYLOAD_SCAN_BYTES`, and only a packet
 * that matches is scanned again per rule to say which.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import { L4 } from "../decode/packet.ts";
import { payloadEntropy } from "./payload_entropy.ts";
import { PayloadHits } from "./payload_hits.ts";
import { compilePayloadPattern } from "./payload_rules.ts";
import {
  CLEARTEXT_PORTS,
  ENTROPY_RULE,
  MAX_PAYLOAD_SCAN_BYTES,
  type PayloadEntropySpec,
  type PayloadSpec,
} from "./payload_spec.ts";

/**
 * RE2's byte matcher: `RE2JS.test()` takes only strings and plain arrays, and a string would
 * be a copy of every payload; the compiled program's `matchUTF8` reads a `Uint8Array` as it is.
 * A test pins it, so an upgrade of re2js that drops it fails there, not in a capture.
 */
interface ByteMatcher {
  matchUTF8(bytes: Uint8Array): boolean;
}

const PORTS = 65536;

export class PayloadScanner {
  readonly hits: PayloadHits;
  readonly #matchers: ByteMatcher[];
  /** Every rule as one alternation (one pass instead of one per rule); null for one rule. */
  readonly #any: ByteMatcher | null;
  readonly #entropy: PayloadEntropySpec | undefined;
  readonly #cleartext = new Uint8Array(PORTS);
  readonly #histogram = new Uint32Array(256);
  #view: DataView | undefined;
  #bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);

  constructor(spec: PayloadSpec) {
    this.#matchers = spec.rules.map((rule) =>
      compilePayloadPattern(rule.pattern, `rule "${rule.name}"`).re2() as ByteMatcher
    );
    // Each rule in a group of its own, so its flags ((?i), (?s)) stay its own.
    this.#any = spec.rules.length > 1
      ? compilePayloadPattern(spec.rules.map((r) => `(?:${r.pattern})`).join("|"), "the rules")
        .re2() as ByteMatcher
      : null;
    this.hits = new PayloadHits(spec.rules.map((rule) => rule.name));
    this.#entropy = spec.entropy;
    for (const port of CLEARTEXT_PORTS) this.#cleartext[port] = 1;
  }

  /** Look at `p`'s transport payload in `data` (the buffer it was decoded from). */
  scan(p: DecodedPacket, data: DataView): void {
    if (p.l4 !== L4.tcp && p.l4 !== L4.udp) return;
    const length = Math.min(p.payloadCaptured, MAX_PAYLOAD_SCAN_BYTES);
    if (length <= 0) return;
    if (data !== this.#view) {
      // One view per source buffer (a file's mapping, a live ring), not per packet.
      this.#view = data;
      this.#bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    const start = p.payloadOffset;
    const end = start + length;
    if (start < 0 || end > this.#bytes.length) return;
    const entropy = this.#entropy;
    if (entropy !== undefined && length >= entropy.minBytes && this.#cleartext[p.dstPort] === 1) {
      const bits = payloadEntropy(this.#bytes, start, end, this.#histogram);
      if (bits >= entropy.minBitsPerByte) this.hits.add(ENTROPY_RULE, bits, p);
    }
    const matchers = this.#matchers;
    if (matchers.length === 0) return;
    const payload = this.#bytes.subarray(start, end);
    if (this.#any !== null && !this.#any.matchUTF8(payload)) return;
    for (let r = 0; r < matchers.length; r++) {
      if (matchers[r]!.matchUTF8(payload)) this.hits.add(r, 0, p);
    }
  }
}
