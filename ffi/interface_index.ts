/**
 * An interface's index (ifIndex), as IPFIX's ingressInterface names it: `if_nametoindex(3)`
 * through libc, since Deno reads `/sys/class/net/*` only with `--allow-all`.
 */

const symbols = {
  // unsigned int if_nametoindex(const char *ifname)
  if_nametoindex: { parameters: ["buffer"], result: "u32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libc by platform; elsewhere (Windows) no index is known. */
const LIBC: Partial<Record<typeof Deno.build.os, string>> = {
  linux: "libc.so.6",
  darwin: "libSystem.B.dylib",
};

/** The ifIndex of interface `name`, or 0 when there is none (or it cannot be known here). */
export function interfaceIndex(name: string): number {
  const path = LIBC[Deno.build.os];
  if (path === undefined) return 0;
  let lib: Deno.DynamicLibrary<typeof symbols>;
  try {
    lib = Deno.dlopen(path, symbols);
  } catch {
    return 0;
  }
  try {
    return lib.symbols.if_nametoindex(new TextEncoder().encode(`${name}\0`));
  } finally {
    lib.close();
  }
}
