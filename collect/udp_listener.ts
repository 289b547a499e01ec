/**
 * The collector's socket: a UDP socket on the main thread, a datagram at a time into
 * `FlowCollector.receive`. Its cost is per datagram (up to 30 v5 records, usually more in
 * v9/IPFIX), never per packet, so it stays off the capture worker. `node:dgram` rather than
 * `Deno.listenDatagram`, which still needs an unstable flag.
 */

import { createSocket, type RemoteInfo } from "node:dgram";
import type { FlowCollector } from "./flow_collector.ts";

/**
 * Kernel receive buffer asked for: NetFlow arrives in bursts (an exporter flushes its cache
 * at once), and 4 MiB holds ~3,000 full-size datagrams while the main thread is busy with a
 * slice of packets. Linux caps it at net.core.rmem_max; what the kernel grants is used.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

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
  socket.on("message", (datagram: Uint8Array, from: RemoteInfo) => {
    try {
      collector.receive(datagram, from.address);
    } catch {
      faults++;
    }
  });
  return new Promise((resolve, reject) => {
    socket.once("error", (error: Error) => {
      socket.close();
      reject(new Error(`Cannot listen for flows on udp:${hostPort(host, port)}: ${error.message}`));
    });
    socket.bind(port, host, () => {
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // The kernel's default buffer still works; bursts may then drop sooner.
      }
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
