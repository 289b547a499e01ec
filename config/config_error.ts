/** A config file mistake: one line naming the file and the key. The CLI exits with status 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
