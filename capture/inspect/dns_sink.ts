/**
 * Where DNS messages can be counted instead of reported as events. The statistics need only
 * per-name query counts and, per response, its name, RCODE, TTL and addresses; on a DNS-heavy
 * link one event object (and its `FlowRef`) per message is most of the worker's garbage. An
 * `AppInspector` given a sink (`countDnsInto()`) calls it with strings taken from its caches and
 * makes no object per message; without one it reports `dns-query` and `dns-answer` events.
 */
export interface DnsSink {
  /** One question of a DNS, mDNS or LLMNR query (ICMP-quoted queries included). */
  query(name: string): void;
  /**
   * One response: its first question's name (an mDNS announcement's first record's), RCODE,
   * the smallest TTL of its answer records (-1 when none), and the text of its A/AAAA data in
   * order, `addresses[0, count)`. Each address is its own cached string, so a receiver that
   * numbers strings looks up short strings whose hash V8 already knows, never a joined list
   * made anew per message. The array is the inspector's and is reused for the next response:
   * read it during the call, keep none of it.
   */
  response(
    name: string,
    rcode: number,
    ttl: number,
    addresses: readonly string[],
    count: number,
  ): void;
}
