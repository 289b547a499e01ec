/**
 * Command-line flags, parsed the way tcpdump's users expect: `-r file`, `-rfile`, `--read file`,
 * `--read=file`, grouped booleans (`-pD`), `--` to end the flags, and every other word a
 * positional (the trailing BPF filter). Strict: an unknown flag or a missing value is an error.
 *
 * Our own rather than `node:util`'s parseArgs: loading it brings up part of Deno's Node
 * compatibility layer, ~5 MB resident and ~10 ms of start-up for every run, for forty lines.
 */

export interface FlagSpec {
  type: "boolean" | "string";
  /** One-letter alias, used as `-x`. */
  short?: string;
  /** Collect every occurrence into an array (string flags only). */
  multiple?: boolean;
}

/** A flag's value: true for a boolean, the text for a string, every text for a `multiple`. */
type ValueOf<S extends FlagSpec> = S["type"] extends "boolean" ? boolean
  : S["multiple"] extends true ? string[]
  : string;

/** The flags given, by long name; absent when not given. */
export type FlagValues<T extends Record<string, FlagSpec>> = { [K in keyof T]?: ValueOf<T[K]> };

export interface ParsedFlags<T extends Record<string, FlagSpec>> {
  values: FlagValues<T>;
  positionals: string[];
}

/** A flag the parser cannot accept; the message is one line, meant for the user. */
export class FlagError extends Error {
  override name = "FlagError";
}

export function parseFlags<const T extends Record<string, FlagSpec>>(
  args: readonly string[],
  specs: T,
): ParsedFlags<T> {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.short) byShort.set(spec.short, name);
  }
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const set = (name: string, value: string | boolean) => {
    const spec = specs[name]!;
    if (spec.multiple && typeof value === "string") {
      const list = values[name];
      values[name] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      values[name] = value; // as most tools: the last occurrence wins
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const name = arg.slice(2, equals < 0 ? undefined : equals);
      const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
      if (!spec) throw new FlagError(`Unknown option "--${name}": see wirescope --help`);
      if (spec.type === "boolean") {
        if (equals >= 0) throw new FlagError(`Option "--${name}" takes no value`);
        set(name, true);
      } else if (equals >= 0) {
        set(name, arg.slice(equals + 1));
      } else {
        set(name, nextValue(args, i++, name));
      }
      continue;
    }
    if (arg.length > 1 && arg.startsWith("-")) {
      // A group of short flags: booleans until a string flag, which takes the rest of the
      // word, or else the next word, as its value.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const name = byShort.get(letter);
        if (name === undefined) {
          throw new FlagError(`Unknown option "-${letter}": see wirescope --help`);
        }
        if (specs[name]!.type === "boolean") {
          set(name, true);
          continue;
        }
        if (j + 1 < arg.length) set(name, arg.slice(j + 1));
        else set(name, nextValue(args, i++, name));
        break;
      }
      continue;
    }
    positionals.push(arg); // a lone "-" too: only a flag's value means standard input
  }
  return { values: values as FlagValues<T>, positionals };
}

/**
 * The word after `args[at]` as the value of flag `name`. A word that looks like a flag is
 * refused rather than taken: `-r -c 5` is a forgotten file name, not a file called "-c" (a lone
 * "-" is a value: standard input). `--read=-c` or `-r-c` pass such a value on purpose.
 */
function nextValue(args: readonly string[], at: number, name: string): string {
  const value = args[at + 1];
  if (value === undefined) throw new FlagError(`Option "--${name}" needs a value`);
  if (value.length > 1 && value.startsWith("-")) {
    throw new FlagError(
      `Option "--${name}" needs a value, got the flag "${value}" (write --${name}=${value} ` +
        `if that is the value)`,
    );
  }
  return value;
}
