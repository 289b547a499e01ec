/**
 * The names of rotated savefiles, exactly as tcpdump makes them (its `MakeFilename`): the `-w`
 * name (strftime-expanded under `-G`) followed by the file's number, zero-padded to as many
 * digits as `-W` needs, or with no number at all for the first file when `-W` is not given.
 */
import { strftime } from "./strftime.ts";

/** Digits of the largest file number under `-W count` (tcpdump's `getWflagChars`). */
export function countDigits(fileCount: number): number {
  let digits = 0;
  for (let n = fileCount - 1; n > 0; n = Math.floor(n / 10)) digits++;
  return digits;
}

/**
 * The name of file number `count`. `startSeconds` is the epoch second the file's `-G` period
 * began; undefined without `-G`, so the name is taken literally.
 */
export function dumpFileName(
  pattern: string,
  count: number,
  digits: number,
  startSeconds: number | undefined,
): string {
  const base = startSeconds === undefined ? pattern : strftime(pattern, startSeconds);
  if (count === 0 && digits === 0) return base;
  return base + String(count).padStart(digits, "0");
}
