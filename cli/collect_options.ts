/**
 * `--collect udp:PORT` (or `udp:HOST:PORT`, `udp:[V6]:PORT`): where NetFlow/IPFIX datagrams are
 * received. Without a host it listens on 127.0.0.1 only, as the dashboard does: flow records
 * are as revealing as packets, and any address that can reach the port can feed the statistics.
 */

import { FlagError } from "./flag_parser.ts";

/** The address the collector listens on when `--collect` names none. */
export const DEFAULT_COLLECT_HOST = "127.0.0.1";

export interface CollectTarget {
  host: string;
  port: number;
}

/** The flag's spec, spread into the option table. */
export const COLLECT_FLAGS = {
  collect: { type: "string" },
} as const;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The listening address of `--collect`, or undefined when not given. Throws FlagError. */
export function collectTarget(v: { collect?: string }): CollectTarget | undefined {
  if (v.collect === undefined) return undefined;
  const text = v.collect.trim();
  const invalid = (why: string) =>
    new FlagError(
      `Invalid --collect "${v.collect}": ${why}, such as udp:2055, udp:0.0.0.0:2055 or ` +
        `udp:[::1]:4739`,
    );
  const match = /^udp:(?:\[([0-9a-fA-F:.]+)\]:|([^:\[\]]+):)?(\d+)$/.exec(text);
  if (match === null) throw invalid("expected udp:PORT or udp:HOST:PORT");
  const host = match[1] ?? match[2] ?? DEFAULT_COLLECT_HOST;
  const v4 = IPV4.exec(host);
  if (match[2] !== undefined && (v4 === null || v4.slice(1).some((part) => Number(part) > 255))) {
    throw invalid("the host must be an IP address");
  }
  const port = Number(match[3]);
  // Port 0 lets the system choose; the port taken is printed at start.
  if (!Number.isInteger(port) || port > 65_535) throw invalid("the port must be 0 to 65535");
  return { host, port };
}
