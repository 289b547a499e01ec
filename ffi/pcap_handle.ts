/**
 * A typed handle over one `pcap_t`: open a live interface or a savefile, set a BPF filter,
 * read packets with `pcap_next_ex`, poll `pcap_stats`, close.
 *
 * `next()` is the hot path. It makes one FFI call and allocates nothing in the steady state:
 * libpcap hands back pointers to the header and the bytes, and instead of wrapping each pointer
 * in a new object we keep one `DataView` "window" over the memory around them and read the
 * packet at an offset inside it (see `#mapData`).
 */
import { cString, errbufText, libpcap, type LibpcapSymbols, PCAP_ERRBUF_SIZE } from "./libpcap.ts";
import { PcapError, pcapError, PcapStatus } from "./pcap_error.ts";
import { pkthdrLayout } from "./pkthdr.ts";

/** pcap_next_ex results other than a packet. */
export const NextResult = { packet: 1, timeout: 0, error: -1, eof: -2 } as const;

/** PCAP_TSTAMP_PRECISION_NANO: ask libpcap for nanosecond timestamps. */
const PRECISION_NANO = 1;
/** PCAP_NETMASK_UNKNOWN: we do not know the netmask; only matters for `ip broadcast`. */
const NETMASK_UNKNOWN = 0xffffffff;
/** sizeof(struct bpf_program) on 64-bit targets: u_int bf_len, padding, bpf_insn *bf_insns. */
const BPF_PROGRAM_SIZE = 16;

/**
 * How far the data window reaches below and above the first packet address it is made for.
 * Live capture on Linux hands out pointers into the TPACKET_V3 ring (a few MiB by default, the
 * capture buffer size at most), files into one buffer: a 256 MiB window therefore covers every
 * later packet and is remade only if libpcap moves its buffer. Creating the view reads nothing;
 * we only ever read [address, address + caplen), which libpcap guarantees valid until the next
 * `pcap_next_ex` call.
 */
const WINDOW_BELOW = 128 * 1024 * 1024;
const WINDOW_SIZE = 256 * 1024 * 1024;

/** Environment variable that turns on `EXACT_VIEWS`. */
export const EXACT_VIEWS_ENV = "WIRESCOPE_EXACT_VIEWS";
/**
 * A debugging and fuzzing mode (`WIRESCOPE_EXACT_VIEWS=1`): each packet gets a view of exactly
 * [address, address + caplen), so a read past caplen anywhere downstream throws a RangeError
 * instead of quietly reading the bytes after the packet in libpcap's buffer. It allocates a view
 * per packet, so it is never on by default.
 */
const EXACT_VIEWS = envFlag(EXACT_VIEWS_ENV);

function envFlag(name: string): boolean {
  try {
    const value = Deno.env.get(name);
    return value !== undefined && value !== "" && value !== "0";
  } catch {
    return false; // no --allow-env: the flag cannot have been given
  }
}

export interface LiveOptions {
  /** Interface name as `pcap_findalldevs` lists it; "any" works on Linux. */
  device: string;
  snaplen: number;
  promiscuous: boolean;
  /** Read timeout: how long `pcap_next_ex` may wait before returning 0. */
  timeoutMs: number;
  /** Kernel capture buffer in bytes (tcpdump's -B is in KiB). */
  bufferBytes: number;
}

export interface PcapCounters {
  /** Packets the kernel handed to libpcap (`ps_recv`). */
  received: number;
  /** Dropped by the kernel because the buffer was full (`ps_drop`). */
  dropped: number;
  /** Dropped by the interface or driver (`ps_ifdrop`; 0 where the OS does not report it). */
  ifDropped: number;
}

/** libpcap's name for a link type, e.g. "EN10MB"; "DLT_<n>" when it has none. */
export function linkTypeName(linkType: number): string {
  const name = libpcap().pcap_datalink_val_to_name(linkType);
  return name ? Deno.UnsafePointerView.getCString(name) : `DLT_${linkType}`;
}

export class PcapHandle {
  readonly #lib: LibpcapSymbols;
  #handle: Deno.PointerValue;
  readonly #what: string;
  readonly #layout = pkthdrLayout();

  // Out-parameters of pcap_next_ex, read as 32-bit halves so no BigInt is made per packet.
  readonly #headerOut = new Uint32Array(2);
  readonly #dataOut = new Uint32Array(2);
  #headerAddress = -1;
  #header = new Uint32Array(0);
  #headerHigh = new Int32Array(0);
  #windowBase = 0;
  #windowEnd = 0;

  /** The current packet: its bytes are `data[offset, offset + caplen)`. */
  data = new DataView(new ArrayBuffer(0));
  offset = 0;
  caplen = 0;
  wireLen = 0;
  tsSec = 0;
  tsNsec = 0;

  /** Data link type (DLT) of the handle, e.g. 1 for Ethernet. */
  readonly linkType: number;
  /** The current packet's link type: always `linkType` for a libpcap handle. */
  readonly packetLinkType: number;
  readonly snaplen: number;
  /** True when timestamps are in nanoseconds; otherwise `tsNsec` is scaled from µs. */
  readonly nanosecond: boolean;
  /** Warning libpcap gave on activation (e.g. promiscuous mode not supported), if any. */
  readonly warning: string | undefined;

  private constructor(
    lib: LibpcapSymbols,
    handle: Deno.PointerObject,
    what: string,
    nanosecond: boolean,
    warning?: string,
  ) {
    this.#lib = lib;
    this.#handle = handle;
    this.#what = what;
    this.nanosecond = nanosecond;
    this.warning = warning;
    this.linkType = lib.pcap_datalink(handle);
    this.packetLinkType = this.linkType;
    this.snaplen = lib.pcap_snapshot(handle);
  }

  /** Open a savefile (pcap or pcapng; "-" reads standard input) with nanosecond timestamps. */
  static openOffline(path: string): PcapHandle {
    const lib = libpcap();
    const errbuf = new Uint8Array(PCAP_ERRBUF_SIZE);
    const withPrecision = lib.pcap_open_offline_with_tstamp_precision;
    const handle = withPrecision
      ? withPrecision(cString(path), PRECISION_NANO, errbuf)
      : lib.pcap_open_offline(cString(path), errbuf);
    if (!handle) {
      const shown = path === "-" ? "standard input" : `"${path}"`;
      throw new PcapError(`Cannot read ${shown}: ${errbufText(errbuf)}`, "file");
    }
    return new PcapHandle(lib, handle, `file "${path}"`, withPrecision !== null);
  }

  /** Create, configure and activate a live capture. */
  static openLive(options: LiveOptions): PcapHandle {
    const lib = libpcap();
    const errbuf = new Uint8Array(PCAP_ERRBUF_SIZE);
    const action = `capture on "${options.device}"`;
    const handle = lib.pcap_create(cString(options.device), errbuf);
    if (!handle) throw pcapError(action, PcapStatus.error, errbufText(errbuf));
    const fail = (status: number): never => {
      const detail = pointerText(lib.pcap_geterr(handle));
      lib.pcap_close(handle);
      throw pcapError(action, status, detail);
    };
    let status = lib.pcap_set_snaplen(handle, options.snaplen);
    if (status === 0) status = lib.pcap_set_promisc(handle, options.promiscuous ? 1 : 0);
    if (status === 0) status = lib.pcap_set_timeout(handle, options.timeoutMs);
    if (status === 0) status = lib.pcap_set_buffer_size(handle, options.bufferBytes);
    if (status !== 0) fail(status);
    // Nanosecond stamps where the OS offers them; a refusal only costs precision.
    lib.pcap_set_tstamp_precision?.(handle, PRECISION_NANO);
    status = lib.pcap_activate(handle);
    if (status < 0) fail(status);
    const warning = status > 0 ? pointerText(lib.pcap_geterr(handle)) : undefined;
    const precision = lib.pcap_get_tstamp_precision?.(handle) ?? 0;
    return new PcapHandle(lib, handle, action, precision === PRECISION_NANO, warning);
  }

  /** Compile and install a BPF filter; a syntax error carries libpcap's own message. */
  setFilter(expression: string): void {
    const handle = this.#open();
    const program = new Uint8Array(BPF_PROGRAM_SIZE);
    if (this.#lib.pcap_compile(handle, program, cString(expression), 1, NETMASK_UNKNOWN) !== 0) {
      const detail = pointerText(this.#lib.pcap_geterr(handle));
      throw new PcapError(`Cannot use filter "${expression}": ${detail}`, "filter");
    }
    const status = this.#lib.pcap_setfilter(handle, program);
    this.#lib.pcap_freecode(program);
    if (status !== 0) {
      const detail = pointerText(this.#lib.pcap_geterr(handle));
      throw new PcapError(`Cannot use filter "${expression}": ${detail}`, "filter");
    }
  }

  /**
   * Read the next packet into `data`/`offset`/`caplen`/`wireLen`/`tsSec`/`tsNsec`.
   * Returns a `NextResult`: packet, timeout (live only), eof (files) or error (see `lastError`).
   */
  next(): number {
    const status = this.#lib.pcap_next_ex(this.#handle, this.#headerOut, this.#dataOut);
    if (status !== NextResult.packet) return status;
    const headerAddress = this.#headerOut[0]! + this.#headerOut[1]! * 0x1_0000_0000;
    if (headerAddress !== this.#headerAddress) this.#mapHeader(headerAddress);
    const header = this.#header;
    const layout = this.#layout;
    this.caplen = header[layout.caplenWord]!;
    this.wireLen = header[layout.lenWord]!;
    this.tsSec = layout.secondsWords === 2
      ? header[layout.secondsWord]! + this.#headerHigh[layout.secondsWord + 1]! * 0x1_0000_0000
      : this.#headerHigh[layout.secondsWord]!;
    const fraction = header[layout.fractionWord]!;
    this.tsNsec = this.nanosecond ? fraction : fraction * 1000;
    const address = this.#dataOut[0]! + this.#dataOut[1]! * 0x1_0000_0000;
    if (EXACT_VIEWS) {
      this.#mapExact(address, this.caplen);
      return status;
    }
    if (address < this.#windowBase || address + this.caplen > this.#windowEnd) {
      this.#mapData(address);
    }
    this.offset = address - this.#windowBase;
    return status;
  }

  /**
   * Switch a live handle to non-blocking reads, so `next()` returns `NextResult.timeout` at once
   * when nothing is buffered, and return the descriptor to wait on (`ffi/readiness.ts`); -1,
   * leaving reads blocking, where the platform offers no such descriptor.
   */
  nonBlocking(): number {
    const handle = this.#open();
    const fd = this.#lib.pcap_get_selectable_fd?.(handle) ?? -1;
    if (fd < 0) return -1;
    const errbuf = new Uint8Array(PCAP_ERRBUF_SIZE);
    if (this.#lib.pcap_setnonblock(handle, 1, errbuf) !== 0) return -1;
    this.readyFd = fd;
    return fd;
  }

  /** The descriptor `nonBlocking()` returned, or -1 while reads block. */
  readyFd = -1;

  /** libpcap's message for the last failure on this handle. */
  lastError(): string {
    return this.#handle ? pointerText(this.#lib.pcap_geterr(this.#handle)) : "handle is closed";
  }

  /** Kernel counters (`pcap_stats`); undefined for savefiles, which have none. */
  counters(): PcapCounters | undefined {
    const stat = new Uint32Array(4);
    if (this.#lib.pcap_stats(this.#open(), stat) !== 0) return undefined;
    return { received: stat[0]!, dropped: stat[1]!, ifDropped: stat[2]! };
  }

  /**
   * The `pcap_t` address, so another thread can call `breakLoopAt()` on it. On Linux the
   * TPACKET_V3 ring only wakes a reader when a block fills or times out with packets in it, so
   * on a quiet interface `pcap_next_ex` can sleep indefinitely; `pcap_breakloop` (libpcap >= 1.10
   * signals an eventfd) is what wakes it.
   */
  get address(): bigint {
    return this.#handle ? Deno.UnsafePointer.value(this.#handle) : 0n;
  }

  /**
   * `pcap_breakloop` on a handle owned by another thread. The caller must guarantee the handle
   * is not closed meanwhile (see `Control.handleState` in capture/packet_ring.ts).
   */
  static breakLoopAt(address: bigint): void {
    const handle = Deno.UnsafePointer.create(address);
    if (handle) libpcap().pcap_breakloop(handle);
  }

  /** Release the handle. Safe to call twice. */
  close(): void {
    if (!this.#handle) return;
    this.#lib.pcap_close(this.#handle);
    this.#handle = null;
  }

  get closed(): boolean {
    return this.#handle === null;
  }

  #open(): Deno.PointerObject {
    if (!this.#handle) throw new PcapError(`Cannot use ${this.#what}: handle is closed`, "capture");
    return this.#handle;
  }

  #mapHeader(address: number): void {
    const pointer = Deno.UnsafePointer.create(BigInt(address));
    const buffer = new Deno.UnsafePointerView(pointer!).getArrayBuffer(this.#layout.size);
    this.#header = new Uint32Array(buffer);
    this.#headerHigh = new Int32Array(buffer);
    this.#headerAddress = address;
  }

  #mapExact(address: number, length: number): void {
    const pointer = Deno.UnsafePointer.create(BigInt(address));
    this.data = new DataView(new Deno.UnsafePointerView(pointer!).getArrayBuffer(length));
    this.offset = 0;
    // The next packet maps its own view whatever its address.
    this.#windowBase = this.#windowEnd = 0;
  }

  #mapData(address: number): void {
    const base = Math.max(address - WINDOW_BELOW, 0x10000);
    const pointer = Deno.UnsafePointer.create(BigInt(base));
    const buffer = new Deno.UnsafePointerView(pointer!).getArrayBuffer(WINDOW_SIZE);
    this.data = new DataView(buffer);
    this.#windowBase = base;
    this.#windowEnd = base + WINDOW_SIZE;
  }
}

function pointerText(pointer: Deno.PointerValue): string {
  return pointer ? Deno.UnsafePointerView.getCString(pointer) : "";
}
