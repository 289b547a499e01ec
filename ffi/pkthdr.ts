/**
 * The layout of `struct pcap_pkthdr`, which differs by platform.
 *
 * ```c
 * struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; };
 * ```
 * `struct timeval` is two 64-bit words on 64-bit Linux and macOS (macOS pads a 32-bit
 * tv_usec), but two 32-bit `long`s on Windows, so caplen and len move from byte 16 to byte 8.
 * Offsets are given in 32-bit words because the header is read through a Uint32Array.
 */
export interface PkthdrLayout {
  /** Total size in bytes. */
  readonly size: number;
  /** Word index of tv_sec's low half; the high half follows when `secondsWords` is 2. */
  readonly secondsWord: number;
  readonly secondsWords: 1 | 2;
  /** Word index of tv_usec (tv_nsec when nanosecond precision was granted). */
  readonly fractionWord: number;
  readonly caplenWord: number;
  readonly lenWord: number;
}

const WINDOWS: PkthdrLayout = {
  size: 16,
  secondsWord: 0,
  secondsWords: 1,
  fractionWord: 1,
  caplenWord: 2,
  lenWord: 3,
};

const LP64: PkthdrLayout = {
  size: 24,
  secondsWord: 0,
  secondsWords: 2,
  fractionWord: 2,
  caplenWord: 4,
  lenWord: 5,
};

/** The layout for an OS (Deno only runs on 64-bit targets, so 32-bit ABIs are not listed). */
export function pkthdrLayout(os: typeof Deno.build.os = Deno.build.os): PkthdrLayout {
  return os === "windows" ? WINDOWS : LP64;
}
