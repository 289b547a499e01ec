/**
 * What the capture worker looks for in payloads when the user asks (`--payload-rules FILE`,
 * `--alert-payload`): nothing of a payload is read, copied or kept otherwise. The spec crosses
 * to the worker in its start message; what it finds comes back as small `PayloadHit`s.
 */

/**
 * Bytes of one packet's transport payload the rules and the entropy measure look at, from its
 * start: a rule costs time linear in what it scans (RE2 has no backtracking), so this bounds the
 * worker's time per packet whatever the rules or the traffic. Requests and commands, where
 * rules look, sit at the front of a payload; a full Ethernet frame's payload fits.
 */
export const MAX_PAYLOAD_SCAN_BYTES = 1500;
/** Rules at most in one file: each costs its scan on every packet with a payload. */
export const MAX_PAYLOAD_RULES = 64;
/** A rule's pattern at most this long (RE2 compiles it to a program about as large). */
export const MAX_PAYLOAD_PATTERN_CHARS = 1000;
/**
 * Hits the worker holds between two publications (every 256 packets or 50 ms); past this they
 * are counted as dropped, so a flood of matching packets costs one bounded message at a time.
 */
export const MAX_PAYLOAD_HITS = 256;

/**
 * Destination ports of protocols that carry text in the clear (FTP, Telnet, SMTP, HTTP, POP3,
 * IMAP, LDAP, syslog, MQTT, IRC, HTTP on 8080): a client sending high-entropy bytes to one of
 * them is sending something that is not the protocol (encrypted or compressed data, a tunnel).
 * Only the client's direction counts: a server's gzip or JPEG answer is ordinary.
 */
export const CLEARTEXT_PORTS: readonly number[] = [
  21,
  23,
  25,
  80,
  110,
  143,
  389,
  514,
  1883,
  6667,
  8080,
];

/**
 * One user rule: a name for the alert and an RE2 pattern matched against the payload's bytes
 * read as UTF-8 (RE2's own flags in the pattern: `(?i)` for either case, `(?s)` for `.` to
 * match a newline).
 */
export interface PayloadRule {
  name: string;
  pattern: string;
}

/** High-entropy payloads toward `CLEARTEXT_PORTS`. */
export interface PayloadEntropySpec {
  /** Payloads shorter than this are not judged (a short sample's entropy says little). */
  minBytes: number;
  /** Shannon entropy of the scanned bytes, in bits per byte (8 is uniform random). */
  minBitsPerByte: number;
}

export interface PayloadSpec {
  rules: PayloadRule[];
  /** Absent: no entropy measure. */
  entropy?: PayloadEntropySpec;
}

/** What the entropy check reports as its rule index in a hit. */
export const ENTROPY_RULE = -1;

/** One packet's payload matched a rule, or looked like random bytes toward a cleartext port. */
export interface PayloadHit {
  /** The rule's name, or "" for the entropy check. */
  rule: string;
  /** Bits per byte of the scanned payload (the entropy check; 0 for a rule). */
  bitsPerByte: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** "tcp" or "udp". */
  protocol: string;
  /** Packet time, epoch ms. */
  timeMs: number;
}

/** What the worker sends: the hits since the last message and how many it could not hold. */
export interface PayloadHitBatch {
  hits: PayloadHit[];
  dropped: number;
}
