/** A complete alert for store tests; override what a test is about. */
import type { Alert } from "../alerts/alert.ts";

export function testAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    rule: "port_scan.vertical",
    severity: "warning",
    origin: "detector",
    subject: { kind: "host", key: "10.0.0.5", addresses: ["10.0.0.5"] },
    message: "10.0.0.5 probed 120 ports on 10.0.0.9 in 10 s",
    evidence: { ports: 120, targets: ["10.0.0.9"] },
    firstSeenMs: 1_700_000_000_000,
    lastSeenMs: 1_700_000_000_000,
    count: 1,
    acknowledgedMs: null,
    ...overrides,
  };
}
