/**
 * DNS-rebinding protection. A server on 127.0.0.1 is reachable from any web page the user opens
 * if that page's domain is made to resolve to 127.0.0.1: the browser then sends the page's own
 * host name in `Host`. Capture data must not leak that way, so a server bound to loopback
 * answers only requests addressed to a loopback name.
 */

/** Host names that mean "this machine" and that no web page can claim as its own origin. */
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/**
 * A predicate for the `Host` header, or undefined when any host is acceptable: a server bound
 * to all or to a public address is reached by names we cannot know, and the user chose that.
 */
export function loopbackHostCheck(
  bind: string,
  port: number,
): ((host: string | null) => boolean) | undefined {
  const loopback = bind === "127.0.0.1" || bind === "localhost" || bind === "::1" ||
    bind.startsWith("127.");
  if (!loopback) return undefined;
  const allowed = new Set<string>([bind.includes(":") ? `[${bind}]` : bind, ...LOOPBACK_NAMES]);
  return (host) => {
    if (host === null) return true; // HTTP/1.0 clients send none; browsers always do
    const lower = host.toLowerCase();
    if (allowed.has(lower)) return true;
    const colon = lower.lastIndexOf(":");
    const name = colon > 0 && !lower.endsWith("]") ? lower.slice(0, colon) : lower;
    const hostPort = colon > 0 && !lower.endsWith("]") ? Number(lower.slice(colon + 1)) : NaN;
    return allowed.has(name) && hostPort === port;
  };
}
