/** Test support for name batches: DNS responses written the short way. */

import type { NameBatcher } from "./name_batch.ts";

/** `batcher.response()` with the addresses joined by "," ("" for none). */
export function answerJoined(
  batcher: NameBatcher,
  name: string,
  rcode: number,
  ttl: number,
  addresses: string,
): void {
  const list = addresses === "" ? [] : addresses.split(",");
  batcher.response(name, rcode, ttl, list, list.length);
}
