/**
 * A loopback TCP port nothing listens on now: the system's pick, released at once. Another
 * process could take it before the caller binds it; on a test machine that race is rare, and the
 * callers fail with the port named when it happens.
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * A loopback UDP port nothing is bound to now (a free TCP port can be a busy UDP one): the
 * system's pick, released at once, with the same race as `freePort()`.
 */
export async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import("node:dgram");
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
