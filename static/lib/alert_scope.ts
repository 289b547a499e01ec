/**
 * What "show this alert's traffic" types into the conversations filter (the server's display
 * filter): a host alert shows that host's conversations, a pair alert the pair's, a domain alert
 * the conversations named after the domain.
 */
import type { AlertSubject } from "../../alerts/alert.ts";

export function scopeFilter(subject: AlertSubject): string {
  const hosts = subject.addresses.filter((a) => /^[0-9a-fA-F:.]+$/.test(a));
  if (subject.kind === "domain") return subject.key;
  if (hosts.length === 0) return "";
  return hosts.slice(0, 2).map((a) => `host ${a}`).join(" and ");
}
