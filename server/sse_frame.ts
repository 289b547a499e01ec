/**
 * Server-Sent Events framing (HTML Living Standard, "Server-sent events", section 9.2.5-9.2.6).
 *
 * A frame is built once and its bytes are shared by every client, so each tick costs one
 * serialisation whatever the number of clients. `data` is JSON, which never contains a raw
 * newline, so one `data:` line carries it; a newline would end the field early and is refused.
 */

const encoder = new TextEncoder();

/** Reconnection delay we advise clients (the `retry:` field), in milliseconds. */
export const SSE_RETRY_MS = 2000;

/** One event: `event:` name, `id:` (the client's Last-Event-ID), one `data:` line. */
export function encodeEvent(event: string, id: number, data: string): Uint8Array {
  if (data.includes("\n") || data.includes("\r")) {
    throw new RangeError(`Cannot frame SSE event "${event}": data must be one line`);
  }
  return encoder.encode(`event: ${event}\nid: ${id}\ndata: ${data}\n\n`);
}

/** A comment line: clients ignore it, proxies and idle timers see traffic (`: ping`). */
export function encodeComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/** The `retry:` field alone, sent first on every stream. */
export function encodeRetry(ms: number = SSE_RETRY_MS): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}

/** The heartbeat comment, shared by every client. */
export const PING_FRAME: Uint8Array = encodeComment("ping");
