/**
 * The display filter of the conversation and packet lists: tcpdump-like conditions joined by
 * `and` / `or` / `not` and parentheses, one grammar for both lists (server/README.md):
 *
 *   expr      = term { ("or" | "||") term }
 *   term      = factor { ["and" | "&&"] factor }       (side by side means and)
 *   factor    = ("not" | "!") factor | "(" expr ")" | condition
 *   condition = ("host" | "ip") ADDRESS | "port" PORT | "country" COUNTRY | ADDRESS | PORT
 *             | PROTOCOL | WORD
 *
 * A PROTOCOL is what the `protocol` parameter takes (tcp, udp, icmp, ipv6, arp...); any other
 * WORD matches the row's text (addresses, ports, protocol, service, TCP flags and state, names,
 * the packet summary), case-insensitively. A COUNTRY is an ISO 3166 code (`country de`), or
 * `unknown` for public addresses the country database does not place; it matches rows with an
 * address there (see `countryWord`). What cannot be read is refused with a QueryError
 * saying why, never read as something that matches nothing.
 */

import { type CompiledFilter, compileFilter } from "./traffic_filter.ts";
import { QueryError } from "./query_error.ts";

export type FilterNode =
  | { kind: "and" | "or"; items: FilterNode[] }
  | { kind: "not"; item: FilterNode }
  | { kind: "header"; filter: CompiledFilter }
  | { kind: "word"; word: string };

/** Longest filter text read: a filter is typed by a person; this bounds the parser's work. */
export const MAX_FILTER_LENGTH = 1000;

const AND = new Set(["and", "&&"]);
const OR = new Set(["or", "||"]);
const NOT = new Set(["not", "!"]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const PORT = /^\d{1,5}$/;
const COUNTRY = /^([a-z]{2}|unknown)$/;

/**
 * The word a row's text carries for an address placed in country `code` (or "unknown"): a
 * `country` condition is that word, so it matches only where the row's text was given countries.
 */
export function countryWord(code: string): string {
  return `country:${code.toLowerCase()}`;
}

/** Whether `node` has a `country` condition, so rows' texts need their addresses' countries. */
export function mentionsCountry(node: FilterNode | null): boolean {
  if (node === null) return false;
  switch (node.kind) {
    case "and":
    case "or":
      return node.items.some(mentionsCountry);
    case "not":
      return mentionsCountry(node.item);
    case "header":
      return false;
    case "word":
      return node.word.startsWith("country:");
  }
}

/** Parse `text`; null when it is empty. Throws QueryError saying what cannot be read. */
export function parseDisplayFilter(text: string): FilterNode | null {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new QueryError(`Cannot read filter: longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const tokens = text.trim().toLowerCase().match(/\(|\)|!(?!=)|&&|\|\||[^\s()!]+/g) ?? [];
  return tokens.length === 0 ? null : new FilterParser(text.trim(), tokens).parse();
}

/** Recursive descent over the grammar above, one method per rule. */
class FilterParser {
  readonly #text: string;
  readonly #tokens: string[];
  #at = 0;

  constructor(text: string, tokens: string[]) {
    this.#text = text;
    this.#tokens = tokens;
  }

  parse(): FilterNode {
    const root = this.#expr();
    const rest = this.#tokens[this.#at];
    if (rest === ")") this.#fail('a ")" has no "(" before it');
    if (rest !== undefined) this.#fail(`"${rest}" was not expected here`);
    return root;
  }

  #peek(): string | undefined {
    return this.#tokens[this.#at];
  }

  #next(): string | undefined {
    return this.#tokens[this.#at++];
  }

  #fail(why: string): never {
    throw new QueryError(`Cannot read filter "${this.#text}": ${why}`);
  }

  #expr(): FilterNode {
    const items = [this.#term()];
    while (this.#peek() !== undefined && OR.has(this.#peek()!)) {
      const op = this.#next()!;
      const after = this.#peek();
      if (after === undefined || after === ")") this.#fail(`"${op}" needs a condition after it`);
      items.push(this.#term());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  #term(): FilterNode {
    const items = [this.#factor()];
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next === ")" || OR.has(next)) break;
      if (AND.has(next)) {
        this.#at++;
        const after = this.#peek();
        if (after === undefined || after === ")" || OR.has(after) || AND.has(after)) {
          this.#fail(`"${next}" needs a condition after it`);
        }
      }
      items.push(this.#factor());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }

  #factor(): FilterNode {
    const token = this.#next();
    if (token === undefined) return this.#fail("a condition is missing at the end");
    if (NOT.has(token)) {
      const after = this.#peek();
      if (after === undefined || after === ")") this.#fail(`"${token}" needs a condition after it`);
      return { kind: "not", item: this.#factor() };
    }
    if (token === "(") {
      if (this.#peek() === ")") this.#fail("empty parentheses");
      const inner = this.#expr();
      if (this.#next() !== ")") this.#fail('a "(" is not closed');
      return inner;
    }
    if (token === ")") return this.#fail('a ")" has no "(" before it');
    if (AND.has(token) || OR.has(token)) {
      return this.#fail(`"${token}" needs a condition before it`);
    }
    return this.#condition(token);
  }

  #condition(token: string): FilterNode {
    if (token === "host" || (token === "ip" && looksLikeAddress(this.#peek()))) {
      const address = this.#next();
      if (address === undefined || !looksLikeAddress(address)) {
        this.#fail(`"${token}" needs an IPv4 or IPv6 address after it`);
      }
      return this.#header({ ip: address });
    }
    if (token === "port") {
      const port = this.#next();
      if (port === undefined || !isPort(port)) this.#fail('"port" needs a number from 0 to 65535');
      return this.#header({ port: Number(port) });
    }
    if (token === "country") {
      const code = this.#next();
      if (code === undefined || !COUNTRY.test(code)) {
        this.#fail('"country" needs a two-letter country code or "unknown" after it');
      }
      return { kind: "word", word: countryWord(code) };
    }
    if (looksLikeAddress(token)) return this.#header({ ip: token });
    if (isPort(token)) return this.#header({ port: Number(token) });
    if (isProtocol(token)) return this.#header({ protocol: token });
    return { kind: "word", word: token };
  }

  #header(filter: Parameters<typeof compileFilter>[0]): FilterNode {
    try {
      return { kind: "header", filter: compileFilter(filter) };
    } catch (error) {
      return this.#fail((error as Error).message.replace(/^Cannot filter by /, ""));
    }
  }
}

/**
 * Whether a row passes: `header` answers a header condition, `text` gives the row's words
 * (asked for at most once per row, and only when a word is in the filter).
 */
export function matchesDisplayFilter(
  node: FilterNode,
  header: (filter: CompiledFilter) => boolean,
  text: () => string,
): boolean {
  let cached: string | undefined;
  const words = () => cached ??= text().toLowerCase();
  const test = (n: FilterNode): boolean => {
    switch (n.kind) {
      case "and":
        return n.items.every(test);
      case "or":
        return n.items.some(test);
      case "not":
        return !test(n.item);
      case "header":
        return header(n.filter);
      case "word":
        return words().includes(n.word);
    }
  };
  return test(node);
}

function looksLikeAddress(word: string | undefined): boolean {
  if (word === undefined) return false;
  return IPV4.test(word) || (/^[0-9a-f:.]+$/.test(word) && word.includes(":"));
}

function isPort(word: string): boolean {
  return PORT.test(word) && Number(word) <= 65_535;
}

function isProtocol(word: string): boolean {
  if (/^\d+$/.test(word)) return false;
  try {
    compileFilter({ protocol: word });
    return true;
  } catch {
    return false;
  }
}
