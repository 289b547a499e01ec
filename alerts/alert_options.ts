/**
 * Every threshold of the alert engine and its detectors in one options object, with documented
 * defaults. The config file maps onto it key by key; `resolveAlertOptions` fills what is left
 * out and refuses a bad value with one message naming the key.
 *
 * Windows are in ms of the run's clock: the packet clock for files, the wall clock live.
 */

export interface AlertOptions {
  engine: {
    /** A repeat of one rule on one subject this soon after its last occurrence folds into it. */
    cooldownMs: number;
    /** New alerts per minute at most; more are held back and summarised once a minute. */
    maxNewPerMinute: number;
    /** Open alerts remembered for folding (least recently seen forgotten first). */
    maxFolded: number;
  };
  portScan: {
    windowMs: number;
    /** Vertical: distinct ports probed on one host by one source... */
    verticalMinPorts: number;
    /** Horizontal: distinct hosts probed on one port by one source... */
    horizontalMinHosts: number;
    /** ...of which at least this share got no positive answer (SYN-ACK, UDP reply). */
    minFailedShare: number;
    /**
     * Distinct ports probed with segments no TCP stack sends outside a scan (no SYN, ACK or
     * RST: FIN, NULL and Xmas probes) that alone make a scan.
     */
    stealthMinPorts: number;
  };
  synFlood: {
    windowMs: number;
    /** SYNs toward one host and port without a completed handshake, per window. */
    minHalfOpen: number;
    /** ...and at least this share of its SYNs. */
    minHalfOpenShare: number;
  };
  /** The per-source window the flood detectors and the anomaly model's features share. */
  hostWindow: { windowMs: number };
  sourceFlood: {
    /** Unsolicited packets (UDP, ICMP, TCP without ACK) per second from one source... */
    minPps: number;
    /** ...making at least this share of all packets in the window. */
    minShare: number;
  };
  icmpFlood: {
    /** ICMP/ICMPv6 echo requests per second from one source. */
    minPps: number;
  };
  pingSweep: {
    windowMs: number;
    /** Distinct hosts sent echo requests by one source. */
    minHosts: number;
  };
  dnsTunnel: {
    windowMs: number;
    /** Unique names under one domain in a window before it is judged at all. */
    minNames: number;
    /** A label this long with `minEntropy` bits per character looks like encoded data. */
    longLabel: number;
    minEntropy: number;
    /** A whole name this long looks like encoded data. */
    longName: number;
    /** Share of the domain's unique names that look like data... */
    minSuspiciousShare: number;
    /** ...or this many of them (a tunnel's short polls dilute the share). */
    minDataNames: number;
    /** Unique names under one domain that alone make a tunnel (data in short labels). */
    maxUniqueNames: number;
    /** A DNS query this large (bytes of DNS message) counts toward naming the client. */
    largeQueryBytes: number;
  };
  spike: {
    /** Weight of the newest second in the moving mean and deviation. */
    alpha: number;
    /** A second above mean + k * robust spread is a spike... */
    k: number;
    /** ...once this many seconds have been learned... */
    warmupSec: number;
    /** ...and only above these absolute floors (a quiet link stays quiet). */
    floorPps: number;
    floorBps: number;
  };
  health: {
    /** Packets lost (kernel, interface or backlog) in one second before it is said. */
    minDrops: number;
  };
  newActivity: {
    enabled: boolean;
    /** What is seen in this long is learned silently; only what is new after it is reported. */
    learningMs: number;
  };
  /**
   * Payload detectors, run only with `--payload-rules FILE` or `--alert-payload` (the capture
   * worker scans payloads only then).
   */
  payload: {
    windowMs: number;
    /** Packets one rule must match from one client to one server port in a window. */
    ruleMinPackets: number;
    /** High-entropy packets from one client to one cleartext server port in a window. */
    entropyMinPackets: number;
    /** Payloads shorter than this are not judged (a short sample's entropy says little). */
    entropyMinBytes: number;
    /** Shannon entropy of a payload, bits per byte (8 is random), from which it counts. */
    entropyMinBitsPerByte: number;
  };
  /** Networks that count as local (CIDRs); empty: the private and link-local ranges. */
  localNets: string[];
  /** Addresses and CIDRs (FireHOL-style list entries) whose traffic is always reported. */
  blocklist: string[];
  anomaly: {
    enabled: boolean;
    /** Windows of host rows learned before the first model is trained. */
    warmupWindows: number;
    /** A new model is trained every this many windows, on the rows kept. */
    retrainEveryWindows: number;
    /** Host rows kept for training (the newest). */
    maxRows: number;
    /** Hosts scored per window (the busiest). */
    maxHosts: number;
    trees: number;
    subsample: number;
    /** Scores at or above this raise an anomaly alert (0.5 is average, 1 is certain)... */
    threshold: number;
    /**
     * ...when at least one feature is also this many robust spreads from the training median:
     * a point outside the training range scores like the most extreme training points (the
     * paper's trees split only within the range), so the score ranks and the spread confirms.
     */
    minSpreads: number;
    seed: number;
  };
}

export type AlertOptionsInput = { [K in keyof AlertOptions]?: Partial<AlertOptions[K]> };

export const DEFAULT_ALERT_OPTIONS: Readonly<AlertOptions> = {
  engine: { cooldownMs: 5 * 60_000, maxNewPerMinute: 30, maxFolded: 4096 },
  portScan: {
    windowMs: 60_000,
    verticalMinPorts: 25,
    horizontalMinHosts: 32,
    minFailedShare: 0.6,
    stealthMinPorts: 3,
  },
  synFlood: { windowMs: 10_000, minHalfOpen: 1000, minHalfOpenShare: 0.8 },
  hostWindow: { windowMs: 10_000 },
  sourceFlood: { minPps: 2000, minShare: 0.5 },
  icmpFlood: { minPps: 200 },
  pingSweep: { windowMs: 60_000, minHosts: 32 },
  dnsTunnel: {
    windowMs: 60_000,
    minNames: 20,
    longLabel: 24,
    minEntropy: 3.3,
    longName: 100,
    minSuspiciousShare: 0.5,
    minDataNames: 20,
    maxUniqueNames: 500,
    largeQueryBytes: 80,
  },
  spike: { alpha: 0.05, k: 8, warmupSec: 60, floorPps: 5000, floorBps: 50e6 },
  health: { minDrops: 1 },
  newActivity: { enabled: true, learningMs: 10 * 60_000 },
  payload: {
    windowMs: 60_000,
    ruleMinPackets: 1,
    entropyMinPackets: 5,
    entropyMinBytes: 256,
    entropyMinBitsPerByte: 7,
  },
  localNets: [],
  blocklist: [],
  anomaly: {
    enabled: true,
    warmupWindows: 10,
    retrainEveryWindows: 60,
    maxRows: 4096,
    maxHosts: 256,
    trees: 100,
    subsample: 256,
    threshold: 0.62,
    minSpreads: 4,
    seed: 1,
  },
};

/** Defaults filled in; throws RangeError naming the first bad key (`alerts.portScan.windowMs`). */
export function resolveAlertOptions(input: AlertOptionsInput = {}): AlertOptions {
  const out = structuredClone(DEFAULT_ALERT_OPTIONS) as AlertOptions;
  for (const [section, values] of Object.entries(input)) {
    if (!(section in out)) throw new RangeError(`Unknown option alerts.${section}`);
    const target = out[section as keyof AlertOptions];
    if (Array.isArray(target)) {
      if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
        throw new RangeError(`Invalid alerts.${section}: use a list of strings`);
      }
      (out as unknown as Record<string, unknown>)[section] = [...values];
      continue;
    }
    for (const [key, value] of Object.entries(values ?? {})) {
      const name = `alerts.${section}.${key}`;
      const current = (target as Record<string, unknown>)[key];
      if (current === undefined) throw new RangeError(`Unknown option ${name}`);
      if (typeof current === "boolean") {
        if (typeof value !== "boolean") throw new RangeError(`Invalid ${name}: use true or false`);
      } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`Invalid ${name} ${JSON.stringify(value)}: use a number >= 0`);
      } else if (key.endsWith("Share") && value > 1) {
        throw new RangeError(`Invalid ${name} ${value}: use a share between 0 and 1`);
      }
      (target as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
