/**
 * Reading `/proc` through libc (`open`/`read`, `opendir`/`readdir`, `readlink`): Deno refuses
 * `/proc/net/*` and `/proc/PID/*` to any program without `--allow-all`, while wirescope runs
 * with named permissions, FFI among them. Only what process attribution reads comes through here,
 * all of it read-only, on the calling thread (the one that holds the process helper's
 * capabilities: Linux keeps them per thread).
 */

const symbols = {
  // int open(const char *pathname, int flags)
  open: { parameters: ["buffer", "i32"], result: "i32" },
  // ssize_t read(int fd, void *buf, size_t count)
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  // int close(int fd)
  close: { parameters: ["i32"], result: "i32" },
  // DIR *opendir(const char *name)
  opendir: { parameters: ["buffer"], result: "pointer" },
  // struct dirent *readdir(DIR *dirp)
  readdir: { parameters: ["pointer"], result: "pointer" },
  // int closedir(DIR *dirp)
  closedir: { parameters: ["pointer"], result: "i32" },
  // ssize_t readlink(const char *pathname, char *buf, size_t bufsiz)
  readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
} as const satisfies Deno.ForeignLibraryInterface;

type Symbols = Deno.DynamicLibrary<typeof symbols>["symbols"];

const O_RDONLY = 0;
const O_CLOEXEC = 0o2000000;
/** `struct dirent` on LP64 glibc: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name. */
const DIRENT_NAME_OFFSET = 19;
/** Link targets longer than this are not sockets (`socket:[4294967295]` is 19 bytes). */
const LINK_BUFFER_BYTES = 256;
/** One read's chunk; files grow past it in further reads. */
const CHUNK_BYTES = 64 * 1024;

let loaded: Symbols | undefined;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const linkBuffer = new Uint8Array(LINK_BUFFER_BYTES);
const chunk = new Uint8Array(CHUNK_BYTES);

function libc(): Symbols {
  return loaded ??= Deno.dlopen("libc.so.6", symbols).symbols;
}

function cPath(path: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${path}\0`);
}

/** The text of a file, at most `maxBytes` of it; null when it cannot be opened. */
export function readProcText(path: string, maxBytes: number): string | null {
  const lib = libc();
  const fd = lib.open(cPath(path), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return null;
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (total < maxBytes) {
      const n = Number(lib.read(fd, chunk, BigInt(Math.min(CHUNK_BYTES, maxBytes - total))));
      if (n <= 0) break;
      parts.push(chunk.slice(0, n));
      total += n;
    }
    const all = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return decoder.decode(all);
  } finally {
    lib.close(fd);
  }
}

/** The names in a folder (without `.` and `..`); null when it cannot be opened. */
export function listProcDir(path: string, maxEntries: number): string[] | null {
  const lib = libc();
  const dir = lib.opendir(cPath(path));
  if (dir === null) return null;
  try {
    const names: string[] = [];
    while (names.length < maxEntries) {
      const entry = lib.readdir(dir);
      if (entry === null) break;
      const name = Deno.UnsafePointerView.getCString(entry, DIRENT_NAME_OFFSET);
      if (name !== "." && name !== "..") names.push(name);
    }
    return names;
  } finally {
    lib.closedir(dir);
  }
}

/** Where a symbolic link points (up to 256 bytes), or null. */
export function readProcLink(path: string): string | null {
  const n = Number(libc().readlink(cPath(path), linkBuffer, BigInt(LINK_BUFFER_BYTES)));
  if (n < 0) return null;
  return decoder.decode(linkBuffer.subarray(0, n));
}
