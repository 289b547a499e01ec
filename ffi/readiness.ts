/**
 * Waiting for a capture descriptor to become readable, with a timeout.
 *
 * On Linux, libpcap 1.10's TPACKET_V3 reader ignores the read timeout while no packet has arrived
 * at all, so a blocking `pcap_next_ex` can sleep indefinitely on a quiet link and hold back the
 * packets it already has. wirescope therefore reads live captures in non-blocking mode and waits
 * here, in `poll(2)`, for at most a flush interval. libc is loaded once, lazily; where it cannot
 * be (Windows has no poll on a pcap handle), callers keep libpcap's own blocking read.
 */

const libc = {
  // int poll(struct pollfd *fds, nfds_t nfds, int timeout)
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: false },
} as const satisfies Deno.ForeignLibraryInterface;

/** POLLIN: there is data to read. */
const POLLIN = 0x1;

let loaded: Deno.DynamicLibrary<typeof libc> | null | undefined;

function load(): Deno.DynamicLibrary<typeof libc> | null {
  if (loaded !== undefined) return loaded;
  const candidates = Deno.build.os === "darwin"
    ? ["/usr/lib/libSystem.B.dylib"]
    : Deno.build.os === "linux"
    ? ["libc.so.6", "libc.so"]
    : [];
  loaded = null;
  for (const path of candidates) {
    try {
      loaded = Deno.dlopen(path, libc);
      break;
    } catch {
      // try the next name
    }
  }
  return loaded;
}

/** True where `waitReadable` works; elsewhere keep blocking reads. */
export function canWaitReadable(): boolean {
  return load() !== null;
}

/** One reused `struct pollfd { int fd; short events; short revents; }`. */
const pollfd = new Int32Array(2);
const pollfdShorts = new Int16Array(pollfd.buffer);

/** Wait until `fd` is readable or `timeoutMs` passes. True when readable. */
export function waitReadable(fd: number, timeoutMs: number): boolean {
  const lib = load();
  if (!lib) return true;
  pollfd[0] = fd;
  pollfdShorts[2] = POLLIN;
  pollfdShorts[3] = 0;
  return lib.symbols.poll(pollfd, 1n, timeoutMs) > 0;
}
