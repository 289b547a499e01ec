/**
 * The native boundary: libpcap's symbols, and where to find the library.
 *
 * Nothing outside `ffi/` calls these symbols. `pcap_handle.ts` wraps them in a typed API and
 * `pcap_error.ts` turns their status codes into one error type.
 */

/**
 * Environment variable naming the libpcap shared library to load. When set, it is the only
 * candidate: a user who says where libpcap is should hear about a mistake, not get another copy.
 */
export const LIBPCAP_ENV = "WIRESCOPE_LIBPCAP";

const symbols = {
  // const char *pcap_lib_version(void)
  pcap_lib_version: { parameters: [], result: "pointer" },
  // int pcap_findalldevs(pcap_if_t **alldevsp, char *errbuf)
  pcap_findalldevs: { parameters: ["buffer", "buffer"], result: "i32" },
  // void pcap_freealldevs(pcap_if_t *alldevs)
  pcap_freealldevs: { parameters: ["pointer"], result: "void" },
  // pcap_t *pcap_create(const char *source, char *errbuf)
  pcap_create: { parameters: ["buffer", "buffer"], result: "pointer" },
  // int pcap_set_snaplen(pcap_t *p, int snaplen)
  pcap_set_snaplen: { parameters: ["pointer", "i32"], result: "i32" },
  // int pcap_set_promisc(pcap_t *p, int promisc)
  pcap_set_promisc: { parameters: ["pointer", "i32"], result: "i32" },
  // int pcap_set_timeout(pcap_t *p, int to_ms)
  pcap_set_timeout: { parameters: ["pointer", "i32"], result: "i32" },
  // int pcap_set_buffer_size(pcap_t *p, int buffer_size)
  pcap_set_buffer_size: { parameters: ["pointer", "i32"], result: "i32" },
  // int pcap_set_immediate_mode(pcap_t *p, int immediate_mode)  (libpcap >= 1.5)
  pcap_set_immediate_mode: { parameters: ["pointer", "i32"], result: "i32", optional: true },
  // int pcap_set_tstamp_precision(pcap_t *p, int tstamp_precision)  (libpcap >= 1.5)
  pcap_set_tstamp_precision: { parameters: ["pointer", "i32"], result: "i32", optional: true },
  // int pcap_get_tstamp_precision(pcap_t *p)  (libpcap >= 1.5)
  pcap_get_tstamp_precision: { parameters: ["pointer"], result: "i32", optional: true },
  // int pcap_activate(pcap_t *p)
  pcap_activate: { parameters: ["pointer"], result: "i32" },
  // pcap_t *pcap_open_offline(const char *fname, char *errbuf)
  pcap_open_offline: { parameters: ["buffer", "buffer"], result: "pointer" },
  // pcap_t *pcap_open_offline_with_tstamp_precision(const char *fname, u_int precision,
  //                                                 char *errbuf)  (libpcap >= 1.5)
  pcap_open_offline_with_tstamp_precision: {
    parameters: ["buffer", "u32", "buffer"],
    result: "pointer",
    optional: true,
  },
  // pcap_t *pcap_open_dead(int linktype, int snaplen)
  pcap_open_dead: { parameters: ["i32", "i32"], result: "pointer" },
  // int pcap_offline_filter(const struct bpf_program *fp, const struct pcap_pkthdr *h,
  //                         const u_char *pkt)
  pcap_offline_filter: { parameters: ["buffer", "buffer", "buffer"], result: "i32" },
  // int pcap_datalink(pcap_t *p)
  pcap_datalink: { parameters: ["pointer"], result: "i32" },
  // const char *pcap_datalink_val_to_name(int dlt)
  pcap_datalink_val_to_name: { parameters: ["i32"], result: "pointer" },
  // int pcap_snapshot(pcap_t *p)
  pcap_snapshot: { parameters: ["pointer"], result: "i32" },
  // int pcap_compile(pcap_t *p, struct bpf_program *fp, const char *str, int optimize,
  //                  bpf_u_int32 netmask)
  pcap_compile: { parameters: ["pointer", "buffer", "buffer", "i32", "u32"], result: "i32" },
  // int pcap_setfilter(pcap_t *p, struct bpf_program *fp)
  pcap_setfilter: { parameters: ["pointer", "buffer"], result: "i32" },
  // void pcap_freecode(struct bpf_program *fp)
  pcap_freecode: { parameters: ["buffer"], result: "void" },
  // int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data)
  pcap_next_ex: { parameters: ["pointer", "buffer", "buffer"], result: "i32" },
  // int pcap_stats(pcap_t *p, struct pcap_stat *ps)
  pcap_stats: { parameters: ["pointer", "buffer"], result: "i32" },
  // char *pcap_geterr(pcap_t *p)
  pcap_geterr: { parameters: ["pointer"], result: "pointer" },
  // const char *pcap_statustostr(int error)
  pcap_statustostr: { parameters: ["i32"], result: "pointer" },
  // int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf)
  pcap_setnonblock: { parameters: ["pointer", "i32", "buffer"], result: "i32" },
  // int pcap_get_selectable_fd(pcap_t *p)  (UN*X only)
  pcap_get_selectable_fd: { parameters: ["pointer"], result: "i32", optional: true },
  // void pcap_breakloop(pcap_t *p)
  pcap_breakloop: { parameters: ["pointer"], result: "void" },
  // void pcap_close(pcap_t *p)
  pcap_close: { parameters: ["pointer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

export type LibpcapSymbols = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** Where libpcap lives, in the order tried, for the OS we run on. */
export function libpcapCandidates(
  os: typeof Deno.build.os = Deno.build.os,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string[] {
  const override = env(LIBPCAP_ENV);
  if (override) return [override];
  switch (os) {
    case "darwin":
      return ["/usr/lib/libpcap.A.dylib", "libpcap.A.dylib", "libpcap.dylib"];
    case "windows": {
      // Npcap installs into System32\Npcap, which is not on the DLL search path; an absolute
      // path also avoids loading a stale WinPcap wpcap.dll from the current directory.
      const systemRoot = env("SystemRoot") ?? "C:\\Windows";
      return [`${systemRoot}\\System32\\Npcap\\wpcap.dll`, "wpcap.dll"];
    }
    default:
      // Debian/Ubuntu ship the runtime as libpcap.so.0.8; most others as libpcap.so.1.
      // The bare .so exists only where the -dev package is installed.
      return ["libpcap.so.1", "libpcap.so.0.8", "libpcap.so"];
  }
}

/** The command that installs libpcap on this OS, for the error a user sees when none loads. */
export function libpcapInstallHint(os: typeof Deno.build.os = Deno.build.os): string {
  switch (os) {
    case "darwin":
      return "libpcap ships with macOS; reinstall the Command Line Tools or `brew install libpcap`";
    case "windows":
      return "install Npcap from https://npcap.com (tick 'WinPcap API-compatible mode')";
    default:
      return "install it with `sudo apt-get install libpcap0.8` (Debian/Ubuntu), " +
        "`sudo dnf install libpcap` (Fedora/RHEL) or `sudo apk add libpcap` (Alpine)";
  }
}

/** Raised when no libpcap candidate could be loaded. */
export class LibpcapNotFoundError extends Error {
  override name = "LibpcapNotFoundError";
}

let loaded: Deno.DynamicLibrary<typeof symbols> | undefined;

/** Load libpcap once per isolate (the main thread and the capture worker each load it). */
export function libpcap(): LibpcapSymbols {
  if (loaded) return loaded.symbols;
  const tried: string[] = [];
  let lastError: unknown;
  for (const path of libpcapCandidates()) {
    try {
      loaded = Deno.dlopen(path, symbols);
      return loaded.symbols;
    } catch (error) {
      tried.push(path);
      lastError = error;
    }
  }
  throw new LibpcapNotFoundError(
    `Cannot load libpcap: tried ${tried.join(", ")}; ${libpcapInstallHint()}, ` +
      `or set ${LIBPCAP_ENV} to its path`,
    { cause: lastError },
  );
}

/** libpcap's version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
export function libpcapVersion(): string {
  const pointer = libpcap().pcap_lib_version();
  return pointer ? Deno.UnsafePointerView.getCString(pointer) : "libpcap (unknown version)";
}

/** Encode a JS string as a NUL-terminated C string for a `buffer` parameter. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** libpcap's PCAP_ERRBUF_SIZE: every errbuf we pass has room for this many bytes. */
export const PCAP_ERRBUF_SIZE = 256;

/** Read the NUL-terminated message libpcap wrote into an errbuf. */
export function errbufText(errbuf: Uint8Array): string {
  const end = errbuf.indexOf(0);
  return new TextDecoder().decode(errbuf.subarray(0, end < 0 ? errbuf.length : end)).trim();
}
