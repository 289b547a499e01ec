/**
 * The display filter of the conversation and packet lists: tcpdump-like conditions joined by
 * `and` / `or` / `not` and parentheses, one grammar for both lists (server/README.md):
 *
 *   expr      = term { ("or" | "||") term }
 *   term      = factor { ["and" | "&&"] factor }       (side by side means and)
 *   factor    = ("not" | "!") factor | "(" expr ")" | condition
 *   condition = ("host" | "ip") ADDRESS | "port" PORT | ADDRESS | PORT | PROTOCOL | WORD
 *
 * A PROTOCOL is what the `protocol` parameter takes (tcp, udp, icmp, ipv6, arp...); any other
 * WORD matches the row's text (addresses, ports, protocol, service, TCP flags and state, names,
 * the packet summary), case-insensitively. What cannot be read is refused with a QueryError
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

/** Parse `text`; null when it is empty. Throws QueryError saying what cannot be read. */
export function parseDisplayFilter(text: string): FilterNode | null {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new QueryError(`Cannot read filter: longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const tokens = text.trim().toLowerCase().match(/\(|\)|!(?!=)|&&|\|\||[^\s()!]+/g) ?? [];
  if (tokens.length === 0) return null;
  const fail = (why: string): never => {
    throw new QueryError(`Cannot read filter "${text.trim()}": ${why}`);
  };
  let at = 0;
  const peek = () => tokens[at];

  const expr = (): FilterNode => {
    const items = [term()];
    while (peek() !== undefined && OR.has(peek()!)) {
      const op = tokens[at++]!;
      if (peek() === undefined || peek() === ")") fail(`"${op}" needs a condition after it`);
      items.push(term());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  };
  const term = (): FilterNode => {
    const items = [factor()];
    for (;;) {
      const next = peek();
      if (next === undefined || next === ")" || OR.has(next)) break;
      if (AND.has(next)) {
        at++;
        const after = peek();
        if (after === undefined || after === ")" || OR.has(after) || AND.has(after)) {
          fail(`"${next}" needs a condition after it`);
        }
      }
      items.push(factor());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  };
  const factor = (): FilterNode => {
    const token = tokens[at++];
    if (token === undefined) return fail("a condition is missing at the end");
    if (NOT.has(token)) {
      if (peek() === undefined || peek() === ")") fail(`"${token}" needs a condition after it`);
      return { kind: "not", item: factor() };
    }
    if (token === "(") {
      if (peek() === ")") fail("empty parentheses");
      const inner = expr();
      if (tokens[at++] !== ")") fail('a "(" is not closed');
      return inner;
    }
    if (token === ")") return fail('a ")" has no "(" before it');
    if (AND.has(token) || OR.has(token)) return fail(`"${token}" needs a condition before it`);
    return condition(token);
  };
  const condition = (token: string): FilterNode => {
    if (token === "host" || (token === "ip" && looksLikeAddress(peek()))) {
      const address = tokens[at++];
      if (address === undefined || !looksLikeAddress(address)) {
        fail(`"${token}" needs an IPv4 or IPv6 address after it`);
      }
      return header({ ip: address! });
    }
    if (token === "port") {
      const port = tokens[at++];
      if (port === undefined || !isPort(port)) fail('"port" needs a number from 0 to 65535');
      return header({ port: Number(port) });
    }
    if (looksLikeAddress(token)) return header({ ip: token });
    if (isPort(token)) return header({ port: Number(token) });
    if (isProtocol(token)) return header({ protocol: token });
    return { kind: "word", word: token };
  };
  const header = (filter: Parameters<typeof compileFilter>[0]): FilterNode => {
    try {
      return { kind: "header", filter: compileFilter(filter) };
    } catch (error) {
      return fail((error as Error).message.replace(/^Cannot filter by /, ""));
    }
  };

  const root = expr();
  if (tokens[at] === ")") fail('a ")" has no "(" before it');
  if (at < tokens.length) fail(`"${tokens[at]}" was not expected here`);
  return root;
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
