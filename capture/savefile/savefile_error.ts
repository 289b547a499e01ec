/**
 * The one error type of the savefile reader: the file could not be opened, is not a capture
 * file, or is corrupt or truncated. Callers catch this to report a bad file and carry on; any
 * other exception is a bug.
 */

/** Whether the error happened opening the file or reading its contents. */
export type SavefileAction = "open" | "read";

/** Extra context for a `SavefileError`. */
export interface SavefileErrorOptions extends ErrorOptions {
  /** Default "read". */
  action?: SavefileAction;
  /** File offset where the damage starts, when there is one. */
  byteOffset?: number;
}

/**
 * A savefile that cannot be opened or read. The message is one line in the form
 * `Cannot read "x.pcap": truncated record at byte 1234: ...`.
 */
export class SavefileError extends Error {
  override readonly name = "SavefileError";
  /** The path as given to `openSavefile()` ("-" for stdin). */
  readonly path: string;
  /** File offset of the damage; undefined when the problem has no position (open failed). */
  readonly byteOffset: number | undefined;

  constructor(path: string, detail: string, options: SavefileErrorOptions = {}) {
    const verb = options.action === "open" ? "Cannot open" : "Cannot read";
    super(
      `${verb} "${path}": ${detail}`,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.path = path;
    this.byteOffset = options.byteOffset;
  }
}
