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
   * the smallest TTL of its answer records (-1 when none), and its A/AAAA data joined by ",".
   */
  answer(name: string, rcode: number, ttl: number, addresses: string): void;
}
