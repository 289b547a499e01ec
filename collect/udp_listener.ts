/**
 * The collector's socket: a UDP socket on the main thread, a datagram at a time into
 * `FlowCollector.receive`. Its cost is per datagram (up to 30 v5 records, usually more in
 * v9/IPFIX), never per packet, so it stays off the capture worker. `node:dgram` rather than
 * `Deno.listenDatagram`, which still needs an unstable flag.
 */

import { createSocket, type RemoteInfo } from "node:dgram";
import type { FlowCollector } from "./flow_collector.ts";

/**
 * Datagrams read off the socket and waiting to be parsed. Exporters flush their caches in
 * bursts (softflowd sends 64 datagrams of 2,000 records at once), faster than the first
 * records of new flows are counted, and the kernel's default socket buffer (212,992 bytes on
 * Linux; Deno's node:dgram does not pass on a larger SO_RCVBUF) holds only a few dozen
 * loopback datagrams. Reading them off at once and parsing in slices between reads keeps the
 * socket drained; 4,096 datagrams of at most ~1.5 KiB (a path MTU's worth) bound the queue to
 * ~6 MiB. Past it a datagram is dropped and counted as `backlog`.
 */
export const MAX_QUEUED_DATAGRAMS = 4096;
/** Parsing yields to the socket after this long, so reads go on between slices. */
const SLICE_MS = 2;

export interface UdpListener {
  /** Where it listens, as `udp:HOST:PORT` (the port the system chose for port 0). */
  readonly listen: string;
  readonly port: number;
  /** Datagrams whose reading threw (a parser bug; the datagram is dropped, the loop goes on). */
  readonly faults: () => number;
  close(): Promise<void>;
}

/**
 * Listen on `host`:`port`. Rejects with a one-line message when the address cannot be had.
 */
export function listenForFlows(
  host: string,
  port: number,
  collector: FlowCollector,
): Promise<UdpListener> {
  const socket = createSocket({ type: host.includes(":") ? "udp6" : "udp4" });
  let faults = 0;
  const queue: { datagram: Uint8Array; from: string }[] = [];
  let head = 0;
  let draining = false;
  const drain = () => {
    const until = performance.now() + SLICE_MS;
    while (head < queue.length && performance.now() < until) {
      const { datagram, from } = queue[head++]!;
      try {
        collector.receive(datagram, from);
      } catch {
        faults++;
      }
    }
    if (head < queue.length) {
      setTimeout(drain, 0);
      return;
    }
    queue.length = 0;
    head = 0;
    draining = false;
  };
  socket.on("message", (datagram: Uint8Array, from: RemoteInfo) => {
    if (queue.length - head >= MAX_QUEUED_DATAGRAMS) {
      collector.drops.add("backlog");
      return;
    }
    // A copy of exactly the datagram: the parser's DataView then ends where it does.
    queue.push({ datagram: datagram.slice(), from: from.address });
    if (!draining) {
      draining = true;
      setTimeout(drain, 0);
    }
  });
  return new Promise((resolve, reject) => {
    socket.once("error", (error: Error) => {
      socket.close();
      reject(new Error(`Cannot listen for flows on udp:${hostPort(host, port)}: ${error.message}`));
    });
    socket.bind(port, host, () => {
      // Past binding, a socket error must not end the run: say so and keep serving.
      socket.on("error", (error: Error) => {
        console.error(`wirescope: flow collector: ${error.message.split("\n")[0]}`);
      });
      const bound = socket.address().port;
      let closing: Promise<void> | undefined;
      resolve({
        listen: `udp:${hostPort(host, bound)}`,
        port: bound,
        faults: () => faults,
        close: () => closing ??= new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
