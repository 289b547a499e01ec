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
