/**
 * The text of a failed glibc call's errno, shared by the small libc bindings (privileges,
 * scheduling). Each binding adds these two symbols to its own `Deno.dlopen` of `libc.so.6`.
 */

export const ERRNO_SYMBOLS = {
  // int *__errno_location(void)
  __errno_location: { parameters: [], result: "pointer" },
  // char *strerror(int errnum)
  strerror: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** What a binding that includes ERRNO_SYMBOLS offers for reading errno. */
export type ErrnoSymbols = Deno.DynamicLibrary<typeof ERRNO_SYMBOLS>["symbols"];

/** The text of the calling thread's errno, e.g. "Operation not permitted". */
export function errnoText(lib: ErrnoSymbols): string {
  const where = lib.__errno_location();
  const errno = where ? new Deno.UnsafePointerView(where).getInt32() : 0;
  const text = lib.strerror(errno);
  return text ? Deno.UnsafePointerView.getCString(text) : `errno ${errno}`;
}
