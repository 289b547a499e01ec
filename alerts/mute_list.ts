/**
 * Mutes: what a user has judged harmless, silenced before an alert is raised. A mute names a
 * rule, a subject, a client/server pair, or a combination (every named part must match), and
 * may expire.
 */
import type { Finding } from "./finding.ts";

/** Mutes kept at once: each is a person's decision, so hundreds are already a lot. */
export const MAX_MUTES = 1024;

export interface Mute {
  id: number;
  /** A rule ("dns_tunnel") or a rule family ("port_scan" mutes "port_scan.vertical"). */
  rule?: string;
  /** A subject key: an address, "client -> server", a domain. */
  subject?: string;
  /** Both addresses must be the alert's, in either role. */
  pair?: { client: string; server: string };
  /** Epoch ms it ends, or null for never. */
  untilMs: number | null;
}

export class MuteList {
  #mutes: Mute[] = [];
  #nextId = 1;

  /** Add a mute; throws RangeError when it names nothing or the list is full. */
  add(mute: Omit<Mute, "id">): Mute {
    if (mute.rule === undefined && mute.subject === undefined && mute.pair === undefined) {
      throw new RangeError("Cannot add a mute: name a rule, a subject or a pair");
    }
    if (this.#mutes.length >= MAX_MUTES) {
      throw new RangeError(`Cannot add a mute: ${MAX_MUTES} are already set; remove some`);
    }
    const added = { ...mute, id: this.#nextId++ };
    this.#mutes.push(added);
    return added;
  }

  remove(id: number): boolean {
    const before = this.#mutes.length;
    this.#mutes = this.#mutes.filter((m) => m.id !== id);
    return this.#mutes.length < before;
  }

  /** Mutes still in force at `nowMs` (expired ones are forgotten). */
  list(nowMs: number): Mute[] {
    this.#mutes = this.#mutes.filter((m) => m.untilMs === null || m.untilMs > nowMs);
    return this.#mutes.map((m) => ({ ...m }));
  }

  /** The mute silencing `finding` at its time, if any. */
  matching(finding: Finding): Mute | undefined {
    return this.#mutes.find((m) => mutes(m, finding));
  }
}

function mutes(m: Mute, f: Finding): boolean {
  if (m.untilMs !== null && m.untilMs <= f.timeMs) return false;
  if (m.rule !== undefined && f.rule !== m.rule && !f.rule.startsWith(m.rule + ".")) return false;
  if (m.subject !== undefined && f.subject.key !== m.subject) return false;
  if (m.pair !== undefined) {
    const a = f.subject.addresses;
    if (!a.includes(m.pair.client) || !a.includes(m.pair.server)) return false;
  }
  return true;
}
