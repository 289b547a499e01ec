/**
 * What a detector reports: an alert before the engine has folded, rate-limited or muted it
 * (it has no id, count or acknowledgement yet).
 */
import type { Alert, AlertOrigin, AlertSubject, Severity } from "./alert.ts";

export interface Finding {
  rule: string;
  severity: Severity;
  origin?: AlertOrigin;
  subject: AlertSubject;
  message: string;
  evidence: Alert["evidence"];
  /** When it was seen: the packet clock for files, the wall clock live (epoch ms). */
  timeMs: number;
}

/** Where detectors hand their findings (the alert engine's `submit`). */
export type Report = (finding: Finding) => void;

/** A host subject: one address. */
export function hostSubject(address: string): AlertSubject {
  return { kind: "host", key: address, addresses: [address] };
}

/** A pair subject: client -> server, in that order. */
export function pairSubject(client: string, server: string): AlertSubject {
  return { kind: "pair", key: `${client} -> ${server}`, addresses: [client, server] };
}
