/**
 * A simple TCP conversation state, from the flags seen in each direction (RFC 9293 section 3.3.2
 * condensed to what a passive observer can tell): enough to show whether a connection is being
 * attempted, open, closing or gone, not a full endpoint state machine.
 */

import { TcpFlag } from "../capture/decode/packet.ts";

export const FlowState = {
  /** Not TCP, or no TCP flags captured yet. */
  none: 0,
  /** A SYN was seen with no answer yet. */
  synSent: 1,
  /** The SYN was answered by SYN+ACK, or the flow was picked up mid-stream. */
  established: 2,
  /** One side sent FIN. */
  fin: 3,
  /** A RST was seen. */
  reset: 4,
  /** Both sides sent FIN. */
  closed: 5,
} as const;
export type FlowState = typeof FlowState[keyof typeof FlowState];

/** Names by `FlowState` value, as the API shows them. */
export const FLOW_STATE_NAMES: readonly string[] = [
  "none",
  "syn-sent",
  "established",
  "fin",
  "reset",
  "closed",
];

/** FIN-seen bits: direction A (the first packet's source) and direction B. */
export const FIN_FROM_A = 1;
export const FIN_FROM_B = 2;

/**
 * The state after a segment with `flags` in direction `dir` (0 = A->B, 1 = B->A). `finBits`
 * holds the FIN_FROM_* bits seen so far. Returns `state | newFinBits << 8`.
 */
export function nextTcpState(state: number, finBits: number, flags: number, dir: number): number {
  if (flags < 0) return state | (finBits << 8);
  if ((flags & TcpFlag.rst) !== 0) return FlowState.reset | (finBits << 8);
  if (state === FlowState.reset || state === FlowState.closed) return state | (finBits << 8);
  let fin = finBits;
  let next: number = state;
  const syn = (flags & TcpFlag.syn) !== 0;
  const ack = (flags & TcpFlag.ack) !== 0;
  if (syn && !ack) {
    if (state === FlowState.none) next = FlowState.synSent;
  } else if (syn && ack) {
    if (state === FlowState.none || state === FlowState.synSent) next = FlowState.established;
  } else if (state === FlowState.none) {
    // No handshake seen: the capture started mid-connection.
    next = FlowState.established;
  } else if (state === FlowState.synSent && dir === 1) {
    // The responder speaks without a SYN+ACK captured: the handshake happened off-capture.
    next = FlowState.established;
  }
  if ((flags & TcpFlag.fin) !== 0) {
    fin |= dir === 0 ? FIN_FROM_A : FIN_FROM_B;
    next = fin === (FIN_FROM_A | FIN_FROM_B) ? FlowState.closed : FlowState.fin;
  }
  return next | (fin << 8);
}

/** True when a segment opens a new connection on a port pair whose last one has ended. */
export function reopens(state: number, flags: number): boolean {
  return flags >= 0 && (flags & (TcpFlag.syn | TcpFlag.ack | TcpFlag.rst)) === TcpFlag.syn &&
    (state === FlowState.closed || state === FlowState.reset);
}

/** Flag names in header order, e.g. "SYN,ACK"; "" for none. */
export function tcpFlagNames(flags: number): string {
  if (flags <= 0) return "";
  let out = "";
  for (const [bit, name] of FLAG_NAMES) {
    if ((flags & bit) !== 0) out += out === "" ? name : "," + name;
  }
  return out;
}

// Low bit first, the order tshark's info column uses ("[FIN, PSH, ACK]").
const FLAG_NAMES: readonly [number, string][] = [
  [TcpFlag.fin, "FIN"],
  [TcpFlag.syn, "SYN"],
  [TcpFlag.rst, "RST"],
  [TcpFlag.psh, "PSH"],
  [TcpFlag.ack, "ACK"],
  [TcpFlag.urg, "URG"],
  [TcpFlag.ece, "ECE"],
  [TcpFlag.cwr, "CWR"],
  [TcpFlag.ns, "NS"],
];
