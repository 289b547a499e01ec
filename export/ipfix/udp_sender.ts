/**
 * Sends IPFIX messages to one collector over UDP, one datagram each, in order, from a bounded
 * queue: the flow table hands over records synchronously (a file's idle timeouts can end
 * thousands of flows at once), the socket takes them one at a time. Past MAX_QUEUED_MESSAGES
 * a message is dropped and counted rather than held: a collector that is down or slow must
 * not grow the sensor's memory.
 */

import dgram from "node:dgram";

/** Messages waiting for the socket: ~5 MB of 1,232-byte messages, ~90,000 flow records. */
export const MAX_QUEUED_MESSAGES = 4096;
/**
 * Messages sent back to back before the sender lets a timer turn pass, so at most ~8,000
 * messages (~170,000 flow records) a second: a collector reads from a socket buffer of ~200 KB
 * (Linux's default, 160 messages), and an unpaced burst of a file's worth of flows overran
 * nfcapd's on a loaded 2-core machine (1,643 of 2,011 packets arrived with 32 a turn).
 */
const BURST_MESSAGES = 8;
const BURST_PAUSE_MS = 1;

export interface Collector {
  host: string;
  port: number;
}

export class UdpSender {
  readonly #socket: dgram.Socket;
  readonly #collector: Collector;
  readonly #queue: Uint8Array[] = [];
  #head = 0;
  #running: Promise<void> | undefined;
  #closed = false;
  /** Messages sent, dropped for a full queue, and failed in the socket. */
  sent = 0;
  dropped = 0;
  failed = 0;
  /** The last socket error, for a one-line warning. */
  lastError: string | undefined;

  constructor(collector: Collector) {
    this.#collector = collector;
    this.#socket = dgram.createSocket(collector.host.includes(":") ? "udp6" : "udp4");
    this.#socket.on("error", (error) => {
      this.failed++;
      this.lastError = error.message;
    });
  }

  /** Messages waiting for the socket. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Queue `message` (the sender keeps it); false when the queue was full and it was dropped. */
  send(message: Uint8Array): boolean {
    if (this.#closed) return false;
    if (this.queued >= MAX_QUEUED_MESSAGES) {
      this.dropped++;
      return false;
    }
    this.#queue.push(message);
    this.#running ??= this.#drain().finally(() => this.#running = undefined);
    return true;
  }

  /** Resolves once every queued message has been handed to the socket. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Send what is queued, then close the socket. */
  async close(): Promise<void> {
    await this.idle();
    if (this.#closed) return;
    this.#closed = true;
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }

  async #drain(): Promise<void> {
    let burst = 0;
    while (this.#head < this.#queue.length) {
      const message = this.#queue[this.#head]!;
      this.#queue[this.#head++] = EMPTY;
      await this.#sendOne(message);
      if (++burst === BURST_MESSAGES) {
        burst = 0;
        await new Promise((resolve) => setTimeout(resolve, BURST_PAUSE_MS));
      }
    }
    this.#queue.length = 0;
    this.#head = 0;
  }

  #sendOne(message: Uint8Array): Promise<void> {
    const { host, port } = this.#collector;
    return new Promise((resolve) => {
      this.#socket.send(message, port, host, (error) => {
        if (error) {
          this.failed++;
          this.lastError = error.message;
        } else {
          this.sent++;
        }
        resolve();
      });
    });
  }
}

const EMPTY = new Uint8Array(0);
