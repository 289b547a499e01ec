/**
 * A BPF filter applied to packets that did not come through a libpcap handle: the frames our
 * own savefile reader returns for files libpcap refuses. libpcap compiles the expression against
 * a "dead" handle of the packet's link type and runs it with `pcap_offline_filter`, so the
 * syntax and the meaning are exactly those of a live or libpcap-read capture.
 */
import { cString, libpcap, type LibpcapSymbols } from "./libpcap.ts";
import { PcapError } from "./pcap_error.ts";
import { pkthdrLayout } from "./pkthdr.ts";

/** PCAP_NETMASK_UNKNOWN, as in `pcap_handle.ts`. */
const NETMASK_UNKNOWN = 0xffffffff;
/** sizeof(struct bpf_program) on 64-bit targets. */
const BPF_PROGRAM_SIZE = 16;
/** The snaplen the dead handles claim: large enough that no packet is cut by the filter. */
const DEAD_SNAPLEN = 262_144;

export class OfflineFilter {
  readonly #lib: LibpcapSymbols;
  readonly #expression: string;
  /** One compiled program per link type: pcapng files may mix them. */
  readonly #programs = new Map<number, Uint8Array<ArrayBuffer>>();
  readonly #dead: Deno.PointerObject[] = [];
  readonly #header = new Uint32Array(pkthdrLayout().size / 4);
  readonly #layout = pkthdrLayout();

  constructor(expression: string) {
    this.#lib = libpcap();
    this.#expression = expression;
  }

  /** True when the frame passes the filter. Throws PcapError if the expression is invalid. */
  matches(linkType: number, frame: Uint8Array<ArrayBuffer>, wireLen: number): boolean {
    const program = this.#programs.get(linkType) ?? this.#compile(linkType);
    this.#header[this.#layout.caplenWord] = frame.length;
    this.#header[this.#layout.lenWord] = wireLen;
    return this.#lib.pcap_offline_filter(program, this.#header, frame) !== 0;
  }

  /** Compile for `linkType` now, so a bad expression is reported before any packet is matched. */
  prepare(linkType: number): void {
    if (!this.#programs.has(linkType)) this.#compile(linkType);
  }

  close(): void {
    for (const program of this.#programs.values()) this.#lib.pcap_freecode(program);
    this.#programs.clear();
    for (const handle of this.#dead) this.#lib.pcap_close(handle);
    this.#dead.length = 0;
  }

  #compile(linkType: number): Uint8Array<ArrayBuffer> {
    const dead = this.#lib.pcap_open_dead(linkType, DEAD_SNAPLEN);
    if (!dead) {
      throw new PcapError(`Cannot use filter "${this.#expression}": out of memory`, "filter");
    }
    this.#dead.push(dead);
    const program = new Uint8Array(BPF_PROGRAM_SIZE);
    const status = this.#lib.pcap_compile(
      dead,
      program,
      cString(this.#expression),
      1,
      NETMASK_UNKNOWN,
    );
    if (status !== 0) {
      const error = this.#lib.pcap_geterr(dead);
      const detail = error ? Deno.UnsafePointerView.getCString(error) : `status ${status}`;
      throw new PcapError(`Cannot use filter "${this.#expression}": ${detail}`, "filter");
    }
    this.#programs.set(linkType, program);
    return program;
  }
}
