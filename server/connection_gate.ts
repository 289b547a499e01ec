/**
 * The listening socket of a dashboard exposed beyond loopback, in front of the HTTP server:
 * it bounds what `Deno.serve` does not, the number of open connections and the time a client
 * may take to send its request head (a slow-loris client otherwise holds a connection, and its
 * memory, for as long as it likes), and it ends TLS.
 *
 * Each accepted connection is relayed byte for byte to the HTTP server on a loopback port of
 * its own; the server asks `clientOf()` which address a relayed connection came from, so the
 * per-address limits still see the real client.
 */

/**
 * Connections open at once: the SSE cap (256) plus as many again for API calls, page loads and
 * scrapes. Past it a new connection gets a 503 and is closed.
 */
export const MAX_CONNECTIONS = 512;
/**
 * Time from connecting to a complete first request head (the TLS handshake included): a
 * browser or curl needs milliseconds; a client that has not finished by then is dropped.
 */
export const HEADER_READ_TIMEOUT_MS = 10_000;
/** Seconds a refused client is told to wait. */
const FULL_RETRY_AFTER_S = 5;
/** Bytes scanned for the end of the first request head before the HTTP server judges it. */
const HEAD_SCAN_BYTES = 65_536;

const FULL_BODY = JSON.stringify({
  error: { status: 503, message: "Cannot accept more connections: try again later" },
});
const FULL_RESPONSE = new TextEncoder().encode(
  "HTTP/1.1 503 Service Unavailable\r\n" +
    "content-type: application/json\r\n" +
    `retry-after: ${FULL_RETRY_AFTER_S}\r\n` +
    "connection: close\r\n" +
    `content-length: ${FULL_BODY.length}\r\n\r\n${FULL_BODY}`,
);

export interface ConnectionGateOptions {
  /** Where the HTTP server listens (loopback). */
  upstreamPort: number;
  maxConnections?: number;
  headerReadTimeoutMs?: number;
}

export class ConnectionGate {
  readonly #listener: Deno.Listener;
  readonly #upstreamPort: number;
  readonly #maxConnections: number;
  readonly #headerTimeoutMs: number;
  /** Local port of each relay's connection to the server -> the client's address. */
  readonly #clients = new Map<number, string>();
  readonly #open = new Set<Deno.Conn>();
  #closed = false;
  /** Connections refused for being past the cap, and dropped for a slow head. */
  refused = 0;
  timedOut = 0;

  constructor(listener: Deno.Listener, options: ConnectionGateOptions) {
    this.#listener = listener;
    this.#upstreamPort = options.upstreamPort;
    this.#maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
    this.#headerTimeoutMs = options.headerReadTimeoutMs ?? HEADER_READ_TIMEOUT_MS;
    void this.#accept();
  }

  get addr(): Deno.NetAddr {
    return this.#listener.addr as Deno.NetAddr;
  }

  /** The client behind the relay connection the server sees as coming from `port`. */
  clientOf(port: number): string | undefined {
    return this.#clients.get(port);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#listener.close();
    } catch {
      // Already closed.
    }
    for (const conn of this.#open) closeQuietly(conn);
  }

  async #accept(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        if (this.#closed) return;
        continue; // a failed accept (e.g. out of descriptors) is the client's loss, not ours
      }
      if (this.#open.size >= this.#maxConnections) {
        this.refused++;
        void refuse(conn);
        continue;
      }
      this.#open.add(conn);
      void this.#relay(conn).finally(() => {
        this.#open.delete(conn);
        closeQuietly(conn);
      });
    }
  }

  async #relay(client: Deno.Conn): Promise<void> {
    let headDone = false;
    const timer = setTimeout(() => {
      if (headDone) return;
      this.timedOut++;
      closeQuietly(client);
    }, this.#headerTimeoutMs);
    let upstream: Deno.TcpConn | undefined;
    try {
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: this.#upstreamPort });
      const port = upstream.localAddr.port;
      const remote = client.remoteAddr as Deno.NetAddr;
      this.#clients.set(port, remote.hostname);
      const back = upstream.readable.pipeTo(client.writable).catch(() => {});
      const buffer = new Uint8Array(16_384);
      let scanned = 0;
      let tail = 0; // how many of "\r\n\r\n" the bytes so far end with
      for (;;) {
        const n = await client.read(buffer);
        if (n === null) break;
        if (!headDone) {
          for (let i = 0; i < n && !headDone; i++) {
            const byte = buffer[i]!;
            tail = byte === (tail % 2 === 0 ? 13 : 10) ? tail + 1 : byte === 13 ? 1 : 0;
            if (tail === 4) headDone = true;
          }
          scanned += n;
          // A head this long is not ours to judge: the server answers it (431).
          if (scanned > HEAD_SCAN_BYTES) headDone = true;
        }
        await writeAll(upstream, buffer.subarray(0, n));
      }
      closeQuietly(upstream);
      await back;
    } catch {
      // Either side went away; the other is closed below.
    } finally {
      clearTimeout(timer);
      if (upstream) {
        this.#clients.delete(upstream.localAddr.port);
        closeQuietly(upstream);
      }
    }
  }
}

async function refuse(conn: Deno.Conn): Promise<void> {
  try {
    await writeAll(conn, FULL_RESPONSE);
  } catch {
    // It left first.
  } finally {
    closeQuietly(conn);
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}
