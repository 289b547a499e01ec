/**
 * Typed reading of query parameters. Every rejection is an `HttpError` 400 that names the
 * parameter and says what was expected, e.g.
 * `Cannot read limit "ten": expected an integer from 0 to 1000`.
 *
 * Rules shared by every route:
 * - A parameter the route does not know is refused, so a typo (`?limt=5`) is reported instead
 *   of silently ignored. `pretty` is known everywhere.
 * - A parameter given twice is refused: there is no sensible way to pick one.
 * - An empty value (`?port=`) means "not given", as an HTML form sends an empty field.
 */

import { parseAddress } from "../net/ip_format.ts";
import { compileFilter, type TrafficFilter } from "../stats/traffic_filter.ts";
import { HttpError } from "./http_error.ts";
import { type FilterNode, parseDisplayFilter } from "../stats/display_filter.ts";
import { QueryError } from "../stats/query_error.ts";

/** Parameters every route accepts: output formatting, not data selection. */
export const COMMON_PARAMETERS = ["pretty"] as const;
/** The filter parameters shared by /api/flows and /api/packets. */
export const FILTER_PARAMETERS = ["ip", "port", "protocol", "filter"] as const;

/** Digits only: no sign, exponent, fraction or whitespace, so "1e3" and " 5" are refused. */
const DIGITS = /^\d+$/;
/** Ports are 16-bit (RFC 793 section 3.1, RFC 768). */
const MAX_PORT = 65535;
/** Accepted spellings of a boolean flag; "" is `?pretty` with no value. */
const FLAG_VALUES: Readonly<Record<string, boolean>> = {
  "": true,
  "1": true,
  "true": true,
  "0": false,
  "false": false,
};

export class QueryParams {
  readonly #params: URLSearchParams;

  /** Throws 400 for a parameter outside `allowed` (and `COMMON_PARAMETERS`) or given twice. */
  constructor(params: URLSearchParams, allowed: readonly string[]) {
    this.#params = params;
    const known = new Set<string>([...allowed, ...COMMON_PARAMETERS]);
    const seen = new Set<string>();
    for (const name of params.keys()) {
      if (!known.has(name)) {
        const expected = [...known].sort().join(", ");
        throw badParameter(
          name,
          `Cannot use query parameter "${name}": unknown here (known: ${expected})`,
        );
      }
      if (seen.has(name)) throw badParameter(name, `Cannot use query parameter "${name}" twice`);
      seen.add(name);
    }
    const pretty = params.get("pretty");
    if (pretty !== null && !(pretty.toLowerCase() in FLAG_VALUES)) {
      throw badParameter(
        "pretty",
        `Cannot read pretty "${pretty}": expected nothing, 1, true, 0 or false`,
      );
    }
  }

  /** The raw value, or undefined when absent or empty. */
  text(name: string): string | undefined {
    const v = this.#params.get(name);
    return v === null || v === "" ? undefined : v;
  }

  /** A decimal integer in [min, max]. */
  integer(name: string, min: number, max: number): number | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    const n = DIGITS.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw badParameter(
        name,
        `Cannot read ${name} "${v}": expected an integer from ${min} to ${max}`,
      );
    }
    return n;
  }

  /** One of `values`, matched exactly (they are lowercase API words). */
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    const found = values.find((x) => x === v);
    if (found === undefined) {
      throw badParameter(name, `Cannot read ${name} "${v}": expected one of ${values.join(", ")}`);
    }
    return found;
  }

  /** An ISO 3166 two-letter country code (returned in capitals), or "unknown". */
  country(name: string): string | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    if (v.toLowerCase() === "unknown") return "unknown";
    if (!/^[a-zA-Z]{2}$/.test(v)) {
      throw badParameter(name, `Cannot read ${name} "${v}": expected a two-letter country code`);
    }
    return v.toUpperCase();
  }

  /** An IPv4 or IPv6 address in any valid text form (RFC 4291 section 2.2 for IPv6). */
  ip(name: string): string | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    if (parseAddress(v) === null) {
      throw badParameter(name, `Cannot read ${name} "${v}": not an IPv4 or IPv6 address`);
    }
    return v;
  }

  /** A TCP/UDP port, 0-65535. */
  port(name: string): number | undefined {
    return this.integer(name, 0, MAX_PORT);
  }

  /**
   * A protocol the engine's filter knows: "ipv4"/"ip", "ipv6", "arp", an IP protocol name
   * ("tcp", "icmpv6", "gre"...) or number (0-255). Case-insensitive.
   */
  protocol(name: string): string | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    try {
      compileFilter({ protocol: v });
    } catch {
      throw badParameter(
        name,
        `Cannot read ${name} "${v}": expected ipv4, ipv6, arp, an IP protocol name or a number 0-255`,
      );
    }
    return v;
  }

  /** A boolean flag: present with no value, 1 or true; 0 or false. */
  flag(name: string): boolean | undefined {
    const v = this.#params.get(name);
    if (v === null) return undefined;
    const b = FLAG_VALUES[v.toLowerCase()];
    if (b === undefined) {
      throw badParameter(name, `Cannot read ${name} "${v}": expected nothing, 1, true, 0 or false`);
    }
    return b;
  }
}

/** For routes that take no parameters: throws 400 for any but `COMMON_PARAMETERS`. */
export function expectNoParameters(params: URLSearchParams): void {
  new QueryParams(params, []);
}

/** The ip / port / protocol filter and the display filter of /api/flows and /api/packets. */
export function readTrafficFilter(q: QueryParams): TrafficFilter & { expression?: FilterNode } {
  const filter: TrafficFilter & { expression?: FilterNode } = {};
  const text = q.text("filter");
  if (text !== undefined) {
    try {
      const expression = parseDisplayFilter(text);
      if (expression !== null) filter.expression = expression;
    } catch (error) {
      if (error instanceof QueryError) throw badParameter("filter", error.message);
      throw error;
    }
  }
  const ip = q.ip("ip");
  const port = q.port("port");
  const protocol = q.protocol("protocol");
  if (ip !== undefined) filter.ip = ip;
  if (port !== undefined) filter.port = port;
  if (protocol !== undefined) filter.protocol = protocol;
  return filter;
}

/** A 400 naming `parameter`. */
export function badParameter(parameter: string, message: string): HttpError {
  return new HttpError(400, message, { parameter });
}
