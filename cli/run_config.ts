/**
 * `--config FILE`, read and checked before anything starts. The TOML parser and the checks load
 * only when a file is given; a mistake in it is a usage mistake (one line, exit status 2).
 */
import type { WirescopeConfig } from "../config/config_file.ts";
import { ConfigError } from "../config/config_error.ts";
import { type Options, UsageError } from "./options.ts";

export async function loadRunConfig(options: Options): Promise<WirescopeConfig | undefined> {
  if (options.config === undefined) return undefined;
  const { loadConfig } = await import("../config/config_file.ts");
  try {
    return loadConfig(options.config);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
