/**
 * Every bound the inspector keeps, in one place. Each one caps memory or work that a stream of
 * hostile or merely unlucky packets could otherwise grow without end; the defaults are sized so
 * that ordinary traffic never meets them.
 */

/**
 * Name events held between two `drain()` calls. The worker drains once per ring batch (256
 * packets), so only a flood of names (a DNS amplification, a scan of mDNS) comes near this;
 * past it events are dropped and counted rather than growing the queue.
 */
export const MAX_PENDING_EVENTS = 4096;

/**
 * TCP flow directions remembered at once: those with a first flight being reassembled and
 * those whose last name-carrying segment is remembered to tell a retransmission apart (tshark
 * does not dissect a retransmitted segment again). 4096 covers a busy host's concurrent new
 * connections within `TCP_IDLE_SECONDS`; an older one is evicted first.
 */
export const MAX_TCP_FLOWS = 4096;

/**
 * Bytes buffered for one TCP direction while its first flight is incomplete. One TLS record
 * holds at most 2^14 bytes of plaintext (RFC 8446 section 5.1) and a ClientHello, even with
 * post-quantum key shares, fits in one; HTTP request heads and DNS queries are far smaller.
 */
export const MAX_TCP_BUFFER_BYTES = 16384 + 5;

/**
 * Bytes of all TCP reassembly buffers together: 256 flows at the per-flow maximum. A first
 * flight that finds no buffer free is left unreassembled (and counted in `overflows`).
 */
export const MAX_TCP_BUFFERED_BYTES = 256 * MAX_TCP_BUFFER_BYTES;

/**
 * Seconds (packet time) after which a remembered TCP direction is forgotten. A first flight
 * spans a few round trips; a minute also covers HTTP keep-alive gaps between requests.
 */
export const TCP_IDLE_SECONDS = 60;

/**
 * IP datagrams being reassembled from fragments at once. Fragmentation is rare (a DNSSEC
 * answer, a tunnel with a small MTU); 64 concurrent datagrams is a wide margin.
 */
export const MAX_FRAGMENT_DATAGRAMS = 64;

/**
 * Largest datagram reassembled: the IPv4 total length field's maximum (RFC 791). Bigger IPv6
 * jumbograms (RFC 2675) are not fragmented.
 */
export const MAX_DATAGRAM_BYTES = 65535;

/**
 * Seconds (packet time) a datagram's fragments are kept waiting for the rest. RFC 791 suggests
 * a 15-second initial timer, Linux waits 30 (`ipfrag_time`); we follow Linux.
 */
export const FRAGMENT_TIMEOUT_SECONDS = 30;

/**
 * QUIC connections whose Initial CRYPTO stream is being assembled, and Initial key sets cached,
 * keyed by each Destination Connection ID a client's Initials carry (its first, and the server's
 * once it moves to that: both lead to the keys of the first).
 */
export const MAX_QUIC_CONNECTIONS = 256;

/**
 * CRYPTO stream bytes kept per QUIC connection: the ClientHello and nothing more. Same bound as
 * a TLS record (RFC 9001 section 4.1.3 allows a ClientHello over several Initial packets).
 */
export const MAX_QUIC_CRYPTO_BYTES = 16384;

/** Seconds (packet time) a QUIC connection's partial ClientHello is kept. */
export const QUIC_IDLE_SECONDS = 30;

/** The limits an `AppInspector` is built with; every field defaults to the constant above. */
export interface InspectLimits {
  maxPendingEvents: number;
  maxTcpFlows: number;
  maxTcpBufferBytes: number;
  maxTcpBufferedBytes: number;
  tcpIdleSeconds: number;
  maxFragmentDatagrams: number;
  fragmentTimeoutSeconds: number;
  maxQuicConnections: number;
  quicIdleSeconds: number;
}

export const DEFAULT_LIMITS: Readonly<InspectLimits> = {
  maxPendingEvents: MAX_PENDING_EVENTS,
  maxTcpFlows: MAX_TCP_FLOWS,
  maxTcpBufferBytes: MAX_TCP_BUFFER_BYTES,
  maxTcpBufferedBytes: MAX_TCP_BUFFERED_BYTES,
  tcpIdleSeconds: TCP_IDLE_SECONDS,
  maxFragmentDatagrams: MAX_FRAGMENT_DATAGRAMS,
  fragmentTimeoutSeconds: FRAGMENT_TIMEOUT_SECONDS,
  maxQuicConnections: MAX_QUIC_CONNECTIONS,
  quicIdleSeconds: QUIC_IDLE_SECONDS,
};

/** The defaults overridden by `limits`, each checked to be a positive integer. */
export function resolveLimits(limits: Partial<InspectLimits> = {}): InspectLimits {
  const out = { ...DEFAULT_LIMITS, ...limits };
  for (const [key, value] of Object.entries(out)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`Cannot use inspect limit "${key}": ${value} is not a positive integer`);
    }
  }
  return out;
}
