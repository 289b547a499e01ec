/**
 * `--ipfix HOST:PORT` and `--ipfix-biflow`: where flows are exported. The collector is an IP
 * address, never a name: resolving one would send DNS queries nobody asked for (only
 * `--resolve` does that).
 */

import { FlagError } from "./flag_parser.ts";

/** The collector and the record layout, as `--ipfix` and `--ipfix-biflow` give them. */
export interface IpfixTarget {
  host: string;
  port: number;
  biflow: boolean;
}

/** The flags' specs, spread into the option table. */
export const IPFIX_FLAGS = {
  ipfix: { type: "string" },
  "ipfix-biflow": { type: "boolean" },
} as const;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The target of `--ipfix`, or undefined when it is not given. Throws FlagError (a usage error). */
export function ipfixTarget(
  v: { ipfix?: string; "ipfix-biflow"?: boolean },
): IpfixTarget | undefined {
  if (v.ipfix === undefined) {
    if (v["ipfix-biflow"]) throw new FlagError("Cannot use --ipfix-biflow without --ipfix");
    return undefined;
  }
  const text = v.ipfix.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(text);
  const plain = /^([^:\[\]]+):(\d+)$/.exec(text);
  const match = bracketed ?? plain;
  const host = match?.[1];
  const port = Number(match?.[2]);
  const v4 = host === undefined ? null : IPV4.exec(host);
  const validHost = bracketed !== null ||
    (v4 !== null && v4.slice(1).every((part) => Number(part) <= 255));
  if (host === undefined || !validHost) {
    throw new FlagError(
      `Invalid --ipfix "${v.ipfix}": expected a collector's IP address and port, such as ` +
        `127.0.0.1:4739 or [::1]:4739`,
    );
  }
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new FlagError(`Invalid --ipfix "${v.ipfix}": the port must be 1 to 65535`);
  }
  return { host, port, biflow: v["ipfix-biflow"] ?? false };
}
