/**
 * The sockets of this host's network namespace and who holds each: built from the socket tables
 * and the owners found for their inodes, plus a bounded memory of sockets that have closed, so a
 * short connection that ended before its traffic was accounted still finds its owner.
 *
 * A flow's local side is looked up by its full connection (TCP, connected UDP), then by its local
 * address and port, then by the wildcard address a listening or unconnected socket is bound to.
 * A remembered socket answers only for flows whose first packet came before the last scan that
 * still saw it: a later flow on the same port may be another program's, and is left
 * unattributed rather than guessed.
 */

import type { SocketEntry, SocketProtocol } from "./proc_net.ts";
import type { ProcessInfo } from "./socket_owners.ts";

/**
 * Owners kept by inode between scans (found or known to be out of sight): every socket of the
 * four tables one scan reads at most, so the cache never asks again about a known socket.
 */
export const MAX_CACHED_SOCKETS = 4 * 65_536;
/** Closed sockets remembered, oldest forgotten first. */
export const MAX_REMEMBERED_SOCKETS = 4096;
/** How long a closed socket is remembered: longer than a flow waits to be accounted. */
export const REMEMBER_MS = 60_000;
/** An inode no process was found for is asked about again after this long. */
export const RETRY_UNOWNED_MS = 10_000;

const TCP_LISTEN = 10;

interface CachedOwner {
  owner: ProcessInfo | null;
  askedMs: number;
}

interface Remembered {
  owner: ProcessInfo;
  /** The last scan that saw the socket open. */
  seenMs: number;
}

export class SocketDirectory {
  readonly #cache = new Map<number, CachedOwner>();
  /** Inode by connection key and by local key, from the latest scan. */
  #byConnection = new Map<string, number>();
  #byLocal = new Map<string, number>();
  readonly #remembered = new Map<string, Remembered>();
  #scanMs = -Infinity;
  /** Scans applied so far: a flow first seen before scan N is decided once scan N is in. */
  generation = 0;
  /** Sockets in the latest scan, and how many of them have a known owner. */
  sockets = 0;
  owned = 0;

  /** The inodes of `entries` whose owner is not known (or due to be asked again). */
  unknownInodes(entries: readonly SocketEntry[], nowMs: number): number[] {
    const out: number[] = [];
    for (const e of entries) {
      if (e.inode === 0) continue;
      const cached = this.#cache.get(e.inode);
      if (!cached || (cached.owner === null && nowMs - cached.askedMs >= RETRY_UNOWNED_MS)) {
        out.push(e.inode);
      }
    }
    return out;
  }

  /** Take a scan: the tables read at `nowMs` and the owners just found for asked inodes. */
  update(
    entries: readonly SocketEntry[],
    asked: readonly number[],
    found: ReadonlyMap<number, ProcessInfo>,
    nowMs: number,
  ): void {
    for (const inode of asked) {
      this.#cache.set(inode, { owner: found.get(inode) ?? null, askedMs: nowMs });
    }
    const byConnection = new Map<string, number>();
    const byLocal = new Map<string, number>();
    let owned = 0;
    let sockets = 0;
    for (const e of entries) {
      if (e.inode === 0) continue;
      sockets++;
      if (this.#cache.get(e.inode)?.owner) owned++;
      // A TCP port is the listener's; its accepted and outgoing connections are found whole.
      if (e.protocol === "udp" || e.state === TCP_LISTEN) {
        byLocal.set(localKey(e.protocol, e.localIp, e.localPort), e.inode);
      }
      if (e.remotePort !== 0) {
        byConnection.set(
          connectionKey(e.protocol, e.localIp, e.localPort, e.remoteIp, e.remotePort),
          e.inode,
        );
      }
    }
    this.#rememberClosed(this.#byConnection, byConnection);
    this.#rememberClosed(this.#byLocal, byLocal);
    this.#forgetUnlisted(byLocal, byConnection);
    this.#byConnection = byConnection;
    this.#byLocal = byLocal;
    this.#scanMs = nowMs;
    this.sockets = sockets;
    this.owned = owned;
    this.generation++;
  }

  /**
   * The owner of a flow's local side, or null. `firstMs`: the flow's first packet (epoch ms),
   * which decides whether a remembered socket may answer.
   */
  find(
    protocol: SocketProtocol,
    localIp: string,
    localPort: number,
    remoteIp: string,
    remotePort: number,
    firstMs: number,
  ): ProcessInfo | null {
    const wildcard = localIp.includes(":") ? "::" : "0.0.0.0";
    const keys = [
      connectionKey(protocol, localIp, localPort, remoteIp, remotePort),
      localKey(protocol, localIp, localPort),
      localKey(protocol, wildcard, localPort),
      // A dual-stack socket bound to `::` takes IPv4 traffic too.
      localKey(protocol, "::", localPort),
    ];
    for (let i = 0; i < keys.length; i++) {
      const map = i === 0 ? this.#byConnection : this.#byLocal;
      const inode = map.get(keys[i]!);
      const owner = inode === undefined ? undefined : this.#cache.get(inode)?.owner;
      if (owner) return owner;
      if (inode !== undefined) return null; // open, but its holder is out of sight
    }
    for (const key of keys) {
      const kept = this.#remembered.get(key);
      if (kept && firstMs <= kept.seenMs && this.#scanMs - kept.seenMs <= REMEMBER_MS) {
        return kept.owner;
      }
    }
    return null;
  }

  #rememberClosed(before: Map<string, number>, now: Map<string, number>): void {
    for (const [key, inode] of before) {
      if (now.get(key) === inode) continue;
      const owner = this.#cache.get(inode)?.owner;
      if (!owner) continue;
      this.#remembered.delete(key); // re-inserted as the newest
      this.#remembered.set(key, { owner, seenMs: this.#scanMs });
      if (this.#remembered.size > MAX_REMEMBERED_SOCKETS) {
        this.#remembered.delete(this.#remembered.keys().next().value!);
      }
    }
  }

  /** Drop cached owners of inodes no table lists any longer, keeping the cache bounded. */
  #forgetUnlisted(byLocal: Map<string, number>, byConnection: Map<string, number>): void {
    if (this.#cache.size <= byLocal.size + byConnection.size) return;
    const listed = new Set<number>([...byLocal.values(), ...byConnection.values()]);
    for (const inode of this.#cache.keys()) if (!listed.has(inode)) this.#cache.delete(inode);
    // A table past the cap (sockets past MAX_CACHED_SOCKETS) loses its oldest answers.
    while (this.#cache.size > MAX_CACHED_SOCKETS) {
      this.#cache.delete(this.#cache.keys().next().value!);
    }
  }
}

function localKey(protocol: SocketProtocol, ip: string, port: number): string {
  return `${protocol} ${ip} ${port}`;
}

function connectionKey(
  protocol: SocketProtocol,
  ip: string,
  port: number,
  remoteIp: string,
  remotePort: number,
): string {
  return `${protocol} ${ip} ${port} ${remoteIp} ${remotePort}`;
}
