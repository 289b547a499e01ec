/**
 * Engine options: every bound of the statistics engine, each defaulting to the named constant
 * beside the structure it limits, and checked once here so a bad CLI flag fails at startup with
 * a clear RangeError instead of misbehaving later.
 */

import { EXACT_CONVERSATION_LIMIT } from "./conversation_counter.ts";
import { FLOW_ACTIVE_TIMEOUT_MS, FLOW_IDLE_TIMEOUT_MS, FLOW_TABLE_CAP } from "./flow_table.ts";
import { randomSeed } from "../capture/key_hash.ts";
import { HOST_TABLE_CAP } from "./host_table.ts";
import { MAX_INDEX_CAPACITY } from "./key_index.ts";
import { MINUTE_SLOTS, SECOND_SLOTS } from "./rate_series.ts";
import { MAX_RECENT_PACKETS, RECENT_PACKETS } from "./recent_packets.ts";
import { MAX_KEPT_PAYLOAD_BYTES } from "./recent_payloads.ts";

/** Entries in each top list (talkers, ports): what the dashboard shows and the oracle checks. */
export const TOP_LIST_SIZE = 10;
/** Longest series rings: a week of seconds or a year of minutes is already more than anyone charts. */
export const MAX_SERIES_SLOTS = 604_800;

/**
 * Minute buckets kept when reading a file: 30 days (about 4 MB), so a capture of weeks charts
 * whole; live captures keep MINUTE_SLOTS (one day).
 */
export const FILE_MINUTE_SLOTS = 43_200;

/**
 * "packet": time comes from packet timestamps (reading files; buckets follow packet time).
 * "wall": time comes from `advanceClock()`/`tick()` driven by an independent timer (live).
 */
export type ClockMode = "packet" | "wall";

export interface StatsOptions {
  /** Default "packet". */
  clock?: ClockMode;
  /** Monotonic milliseconds for wall-clock mode; default `performance.now`. */
  now?: () => number;
  /** Epoch milliseconds, to label wall-clock buckets; default `Date.now`. */
  epochNow?: () => number;
  /** Default FLOW_TABLE_CAP. */
  flowCap?: number;
  /** Default FLOW_IDLE_TIMEOUT_MS; Infinity disables. */
  flowIdleTimeoutMs?: number;
  /** Default FLOW_ACTIVE_TIMEOUT_MS; Infinity disables. */
  flowActiveTimeoutMs?: number;
  /** Default HOST_TABLE_CAP. */
  hostCap?: number;
  /** Default RECENT_PACKETS. */
  recentPackets?: number;
  /** Payload bytes kept per recent packet (`--payload N`); default 0: none, anywhere. */
  payloadBytes?: number;
  /** Default EXACT_CONVERSATION_LIMIT. */
  exactConversationLimit?: number;
  /** Default SECOND_SLOTS (one hour of 1 s buckets). */
  secondSlots?: number;
  /** Default MINUTE_SLOTS (one day of 1 min buckets). */
  minuteSlots?: number;
  /** Default TOP_LIST_SIZE. */
  topN?: number;
  /** Hash seed; default random per engine (see hash.ts). Fixed only in tests. */
  hashSeed?: number;
}

export type ResolvedOptions = Required<StatsOptions>;

/** Fill in defaults and check every bound. Throws RangeError naming the bad option. */
export function resolveOptions(o: StatsOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    clock: o.clock ?? "packet",
    now: o.now ?? (() => performance.now()),
    epochNow: o.epochNow ?? (() => Date.now()),
    flowCap: o.flowCap ?? FLOW_TABLE_CAP,
    flowIdleTimeoutMs: o.flowIdleTimeoutMs ?? FLOW_IDLE_TIMEOUT_MS,
    flowActiveTimeoutMs: o.flowActiveTimeoutMs ?? FLOW_ACTIVE_TIMEOUT_MS,
    hostCap: o.hostCap ?? HOST_TABLE_CAP,
    recentPackets: o.recentPackets ?? RECENT_PACKETS,
    payloadBytes: o.payloadBytes ?? 0,
    exactConversationLimit: o.exactConversationLimit ?? EXACT_CONVERSATION_LIMIT,
    secondSlots: o.secondSlots ?? SECOND_SLOTS,
    minuteSlots: o.minuteSlots ?? MINUTE_SLOTS,
    topN: o.topN ?? TOP_LIST_SIZE,
    hashSeed: o.hashSeed ?? randomSeed(),
  };
  if (r.clock !== "packet" && r.clock !== "wall") {
    throw new RangeError(
      `Cannot create stats engine: clock must be "packet" or "wall", got "${r.clock}"`,
    );
  }
  integer("flowCap", r.flowCap, 1, MAX_INDEX_CAPACITY);
  integer("hostCap", r.hostCap, 1, MAX_INDEX_CAPACITY);
  integer("exactConversationLimit", r.exactConversationLimit, 1, MAX_INDEX_CAPACITY);
  integer("recentPackets", r.recentPackets, 1, MAX_RECENT_PACKETS);
  integer("payloadBytes", r.payloadBytes, 0, MAX_KEPT_PAYLOAD_BYTES);
  integer("secondSlots", r.secondSlots, 1, MAX_SERIES_SLOTS);
  integer("minuteSlots", r.minuteSlots, 1, MAX_SERIES_SLOTS);
  integer("topN", r.topN, 0, 10_000);
  positive("flowIdleTimeoutMs", r.flowIdleTimeoutMs);
  positive("flowActiveTimeoutMs", r.flowActiveTimeoutMs);
  return r;
}

function integer(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(
      `Cannot create stats engine: ${name} must be an integer from ${lo} to ${hi}, got ${v}`,
    );
  }
}

function positive(name: string, v: number): void {
  if (!(v > 0)) {
    throw new RangeError(`Cannot create stats engine: ${name} must be positive, got ${v}`);
  }
}
