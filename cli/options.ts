/**
 * Command-line flags, in tcpdump's habits where tcpdump has one.
 *
 * Parsing is pure: `parseOptions(args)` returns options or throws `UsageError`, whose message
 * main.ts prints as one line before exiting with status 2.
 */
import { FlagError, type FlagValues, parseFlags } from "./flag_parser.ts";
import { parseCidr } from "../stats/enrich/cidr.ts";
import { dumpFormatFor, type DumpSpec } from "../capture/dump/dump_spec.ts";
import { MAX_KEPT_PAYLOAD_BYTES } from "../stats/recent_payloads.ts";
import { IPFIX_FLAGS, type IpfixTarget, ipfixTarget } from "./ipfix_options.ts";
import { COLLECT_FLAGS, type CollectTarget, collectTarget } from "./collect_options.ts";
import { MAX_KEEP_BYTES, MIN_KEEP_BYTES } from "../capture/keep/keep_ring.ts";

/** Default HTTP port of the dashboard and API. */
export const DEFAULT_PORT = 8787;
/** Listen on loopback unless told otherwise: capture data is sensitive. */
export const DEFAULT_BIND = "127.0.0.1";
/** tcpdump's default snaplen: whole packets on every common link. */
export const DEFAULT_SNAPLEN = 262_144;
/**
 * Kernel buffer in KiB. 64 MiB absorbs the scheduling gaps of a 2-core machine at ~450k
 * packets/s (16 MiB dropped 1.5% in `deno task bench:live`); it costs resident memory only as
 * traffic fills it.
 */
export const DEFAULT_BUFFER_KIB = 65_536;

/** `csv` prints the conversations table (RFC 4180), the others the summary. */
export type ReportFormat = "text" | "json" | "csv";

export interface Options {
  help: boolean;
  version: boolean;
  listInterfaces: boolean;
  /** The first `-i`; see `interfaces` for all of them. */
  interface?: string;
  /** Every `-i`, in the order given (each captured by a worker of its own); empty for none. */
  interfaces: string[];
  read?: string;
  snaplen: number;
  promiscuous: boolean;
  bufferKiB: number;
  /** 0 = unlimited. */
  count: number;
  /** BPF expression, from -f or the trailing arguments. */
  filter: string;
  port: number;
  bind: string;
  /** Headless mode: print a summary instead of serving the dashboard. */
  report?: ReportFormat;
  /** CIDRs that count as local; empty = the capture interface's own networks. */
  localNets: string[];
  /** The user's MaxMind-format country database, instead of the embedded one. */
  geoip?: string;
  /** The user's MaxMind-format ASN database, instead of the embedded one. */
  asn?: string;
  /** Look up PTR names for talkers (the only option that sends packets of our own). */
  resolve: boolean;
  /** Read names from payloads (DNS, SNI, Host); `--no-names` turns it off for speed. */
  names: boolean;
  /** Count the dashboard's own HTTP traffic on a loopback capture (left out by default). */
  countSelf: boolean;
  /** Run the alert detectors; `--no-alerts` turns them off. */
  alerts: boolean;
  /** FireHOL-style blocklist files (`--blocklist`, repeatable). */
  blocklists: string[];
  /** `--payload-rules FILE`: RE2 rules the capture worker matches against payloads. */
  payloadRules?: string;
  /** `--alert-payload`: alert on high-entropy payloads sent to cleartext ports. */
  alertPayload: boolean;
  /** `-w` and its rotation flags: where the packets that pass the filter are written. */
  write?: DumpSpec;
  /** `--config FILE`: the TOML config file (docs/config.md). */
  config?: string;
  /** `--db PATH`: the history database, instead of the config's or the per-user default. */
  db?: string;
  /** `--no-db`: keep history in memory only. */
  noDb: boolean;
  /** `-Z USER`: the user root hands over to once everything is open (default: sudo's caller). */
  dropUser?: string;
  /** `--no-drop`: keep root or capabilities for the whole run. */
  noDrop: boolean;
  /** `--realtime`: serve and drain packets at real-time priority (SCHED_RR). */
  realtime: boolean;
  /** Tie live flows to the programs of this host holding their sockets; `--no-processes`. */
  processes: boolean;
  /** `--token-file PATH`: the dashboard's token, instead of WIRESCOPE_TOKEN or a random one. */
  tokenFile?: string;
  /** `--tls-cert PATH` and `--tls-key PATH`: serve HTTPS with this PEM certificate and key. */
  tls?: { cert: string; key: string };
  /**
   * `--payload N`: keep the first N payload bytes of each recent packet (for the packet detail
   * only); 0, the default, keeps none anywhere.
   */
  payloadBytes: number;
  /**
   * `--keep SIZE`: keep the newest packets that passed the filter, whole, in a ring of this many
   * bytes, for `GET /api/pcap`; 0, the default, keeps none.
   */
  keepBytes: number;
  /** `--collect udp:[HOST:]PORT`: receive NetFlow v5/v9 and IPFIX there (127.0.0.1 unless given). */
  collect?: CollectTarget;
  /** `--ipfix HOST:PORT` (and `--ipfix-biflow`): export flows to this IPFIX collector. */
  ipfix?: IpfixTarget;
}

/** `-C` counts millions of bytes, as tcpdump's; a k, m or g suffix counts KiB, MiB or GiB. */
const ROTATE_SIZE_UNITS: Record<string, number> = {
  "": 1_000_000,
  k: 1024,
  m: 1_048_576,
  g: 1_073_741_824,
};
/** Largest `-W`: the ring's names are remembered, so it is bounded like every table. */
export const MAX_FILE_COUNT = 100_000;

/** Most `-i` flags: one capture worker (a thread and a kernel buffer) each. */
export const MAX_INTERFACES = 8;

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `wirescope: real-time network traffic analyzer

Usage:
  sudo wirescope [options] [BPF filter expression]
  wirescope -r FILE [--report [text|json]] [BPF filter expression]

Capture:
  -i, --interface IFACE   capture on IFACE ("any" for all, Linux); default: the first
                          interface that is up, running, not loopback and has an address;
                          repeat it to capture on several (-i eth0 -i eth1), each counted
                          apart and together
  -r, --read FILE         read a pcap/pcapng file instead ("-" reads standard input)
  -D, --list-interfaces   list interfaces with their addresses and flags, then exit
  -s, --snaplen N         bytes to capture per packet (default ${DEFAULT_SNAPLEN})
  -p, --no-promisc        do not put the interface into promiscuous mode
  -B, --buffer-size KIB   kernel capture buffer in KiB (default ${DEFAULT_BUFFER_KIB})
  -c, --count N           stop after N packets and print the summary
  -f, --filter EXPR       BPF capture filter (or give it as trailing arguments)
      --payload N         keep the first N payload bytes (at most ${MAX_KEPT_PAYLOAD_BYTES}) of recent
                          packets, for the packet detail only; none are kept without it

Packets out:
  -w, --write FILE        also write the packets that pass the filter to FILE (pcap; pcapng
                          when FILE ends in .pcapng or with --pcapng), while analysing
      --pcapng            write pcapng whatever the name
      --keep SIZE         keep the newest packets, whole (payloads included: sensitive),
                          in a ring of SIZE bytes in memory (Nk, Nm, Ng; 1m to 1g), for
                          the dashboard's "Download pcap" and GET /api/pcap; off by default
  -C, --file-size N       start a new file when one passes N million bytes (Nk, Nm, Ng: KiB,
                          MiB, GiB); later files get a number after the name, as tcpdump's
  -G, --rotate-seconds N  start a new file every N seconds of packet time; FILE may hold
                          strftime conversions, e.g. -w 'cap-%Y%m%d-%H%M%S.pcap'
  -W, --file-count N      keep at most N files: with -C the names cycle (a ring, as tcpdump);
                          with -G the oldest file is deleted

Flows out:
      --ipfix HOST:PORT   export flows as IPFIX (RFC 7011) over UDP to a collector at an IP
                          address, e.g. 127.0.0.1:4739 or [::1]:4739: each flow when it times
                          out or is evicted, the rest at the end of a file or at shutdown
      --ipfix-biflow      one record per flow, both directions (RFC 5103), instead of one
                          record per direction

Flows in:
      --collect udp:PORT  receive NetFlow v5, v9 and IPFIX on PORT (udp:HOST:PORT listens
                          elsewhere; only on 127.0.0.1 unless a host is given); their
                          flows count with the packets of -i or -r, or alone

Names and places:
      --local-net CIDR    a network that counts as local (repeatable); default: the
                          capture interface's networks, or the private ranges for files
      --geoip PATH        MaxMind-format country database (default: embedded DB-IP Lite)
      --asn PATH          MaxMind-format ASN database (default: embedded)
      --resolve           look up reverse DNS names of talkers (sends DNS queries)
      --no-names          do not read DNS, TLS/QUIC SNI or HTTP Host from payloads
                          (fastest on DNS-heavy links; counts are unaffected)

Output:
      --report [FORMAT]   print a summary (text or json) instead of serving the dashboard;
                          csv prints every conversation, one RFC 4180 record each
      --port N            dashboard and API port (default ${DEFAULT_PORT})
      --bind ADDR         address to listen on (default ${DEFAULT_BIND}; 0.0.0.0 for all)
      --token-file PATH   the token the dashboard asks for (one line; default: the
                          WIRESCOPE_TOKEN variable, else a random one printed at start);
                          required, and always asked, when --bind is not loopback
      --tls-cert PATH     serve HTTPS with this PEM certificate (chain), and HSTS
      --tls-key PATH      the certificate's PEM private key
      --count-self        on a loopback capture, count the dashboard's own traffic too
                          (left out by default)
      --no-processes      do not tie flows to the programs of this host (Linux; live only)

Alerts:
      --no-alerts         do not run the detectors (scans, floods, DNS tunnels, anomalies)
      --blocklist FILE    alert on any traffic to or from the addresses and CIDRs listed
                          in FILE (one a line, # comments: FireHOL lists work; repeatable)
      --payload-rules FILE
                          alert on payloads matching the RE2 patterns in FILE (a name and
                          a pattern a line; payloads are scanned only with this flag)
      --alert-payload     alert on high-entropy payloads sent to cleartext ports

History and notifications:
      --config FILE       read settings from a TOML file (docs/config.md): database,
                          webhooks, email, detector thresholds; secrets only from there
      --db PATH           the history database (default under $XDG_STATE_HOME, else
                          ~/.local/state/wirescope/history.db)
      --no-db             keep alerts and history in memory only

Privileges:
  -Z, --relinquish-privileges USER
                          started as root, become USER once the capture, port and files
                          are open (default: the user sudo was run by, else nobody);
                          started with file capabilities, drop them
      --no-drop           keep root or capabilities for the whole run
      --realtime          serve at real-time priority (Linux, SCHED_RR 1, needs root or
                          CAP_SYS_NICE): the dashboard and /stats stay responsive when
                          capture and other programs fill every CPU; not on one CPU

  -h, --help              show this help
  -V, --version           show wirescope's and libpcap's versions

Examples:
  sudo wirescope                          dashboard for the default interface
  sudo wirescope -i eth0 port 53          only DNS traffic on eth0
  wirescope -r trace.pcap --report json   summary of a file as JSON`;

/** Every flag: its type, its short form, whether it repeats. */
const FLAGS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  "list-interfaces": { type: "boolean", short: "D" },
  interface: { type: "string", short: "i", multiple: true },
  read: { type: "string", short: "r" },
  snaplen: { type: "string", short: "s" },
  "no-promisc": { type: "boolean", short: "p" },
  "buffer-size": { type: "string", short: "B" },
  count: { type: "string", short: "c" },
  filter: { type: "string", short: "f" },
  port: { type: "string" },
  bind: { type: "string" },
  "local-net": { type: "string", multiple: true },
  geoip: { type: "string" },
  asn: { type: "string" },
  resolve: { type: "boolean" },
  "no-names": { type: "boolean" },
  "count-self": { type: "boolean" },
  "no-alerts": { type: "boolean" },
  blocklist: { type: "string", multiple: true },
  "payload-rules": { type: "string" },
  "alert-payload": { type: "boolean" },
  config: { type: "string" },
  db: { type: "string" },
  "no-db": { type: "boolean" },
  "relinquish-privileges": { type: "string", short: "Z" },
  "no-drop": { type: "boolean" },
  realtime: { type: "boolean" },
  "no-processes": { type: "boolean" },
  "token-file": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  ...COLLECT_FLAGS,
  write: { type: "string", short: "w" },
  pcapng: { type: "boolean" },
  "file-size": { type: "string", short: "C" },
  "rotate-seconds": { type: "string", short: "G" },
  "file-count": { type: "string", short: "W" },
  payload: { type: "string" },
  keep: { type: "string" },
  ...IPFIX_FLAGS,
} as const;

type Flags = FlagValues<typeof FLAGS>;

export function parseOptions(args: string[]): Options {
  const { args: rest, report } = extractReport(args);
  let parsed;
  let collect;
  let ipfix;
  try {
    parsed = parseFlags(rest, FLAGS);
    collect = collectTarget(parsed.values);
    ipfix = ipfixTarget(parsed.values);
  } catch (error) {
    if (error instanceof FlagError) throw new UsageError(error.message);
    throw error;
  }
  const v = parsed.values;
  refuseConflicts(v, parsed.positionals);
  const options: Options = {
    help: v.help ?? false,
    version: v.version ?? false,
    listInterfaces: v["list-interfaces"] ?? false,
    interfaces: interfaceList(v.interface),
    snaplen: integer("--snaplen", v.snaplen, DEFAULT_SNAPLEN, 1, 262_144),
    promiscuous: !(v["no-promisc"] ?? false),
    bufferKiB: integer("--buffer-size", v["buffer-size"], DEFAULT_BUFFER_KIB, 1, 4_194_304),
    count: integer("--count", v.count, 0, 1, Number.MAX_SAFE_INTEGER),
    filter: (v.filter ?? parsed.positionals.join(" ")).trim(),
    port: integer("--port", v.port, DEFAULT_PORT, 0, 65_535),
    bind: bindAddress(v.bind),
    localNets: (v["local-net"] ?? []).map(localNet),
    resolve: v.resolve ?? false,
    names: !(v["no-names"] ?? false),
    countSelf: v["count-self"] ?? false,
    noDb: v["no-db"] ?? false,
    noDrop: v["no-drop"] ?? false,
    realtime: v.realtime ?? false,
    processes: !(v["no-processes"] ?? false),
    alerts: !(v["no-alerts"] ?? false),
    blocklists: (v.blocklist ?? []).map((path) => nonEmpty("--blocklist", path)),
    payloadBytes: integer("--payload", v.payload, 0, 0, MAX_KEPT_PAYLOAD_BYTES),
    keepBytes: keepSize(v.keep),
    ...(v["payload-rules"] !== undefined
      ? { payloadRules: nonEmpty("--payload-rules", v["payload-rules"]) }
      : {}),
    alertPayload: v["alert-payload"] ?? false,
  };
  addOptionalPaths(v, options);
  if (report) options.report = report;
  if (options.keepBytes > 0 && (report !== undefined || options.count > 0)) {
    throw new UsageError(
      "Cannot use --keep with --report or -c: nothing would serve the kept packets",
    );
  }
  if (options.realtime && (report !== undefined || options.count > 0)) {
    throw new UsageError(
      "Cannot use --realtime with --report or -c: it keeps a served dashboard responsive",
    );
  }
  const write = dumpSpec(v);
  if (write) options.write = write;
  if (collect) options.collect = collect;
  if (ipfix) options.ipfix = ipfix;
  return options;
}

/** Flags that contradict each other, each refused with one line saying why. */
function refuseConflicts(v: Flags, positionals: readonly string[]): void {
  if (v.interface !== undefined && v.read !== undefined) {
    throw new UsageError("Cannot use -i and -r together: capture live or read a file, not both");
  }
  if ((v.interface?.length ?? 0) > 1 && v.write !== undefined) {
    throw new UsageError(
      "Cannot use -w with several -i: each interface's packets would need a file of their own",
    );
  }
  if (v.filter !== undefined && positionals.length > 0) {
    throw new UsageError(
      `Cannot use -f and a trailing filter together: got -f "${v.filter}" and ` +
        `"${positionals.join(" ")}"`,
    );
  }
  if (v.db !== undefined && v["no-db"]) {
    throw new UsageError("Cannot use --db and --no-db together: keep history in a file or not");
  }
  if (v["relinquish-privileges"] !== undefined && v["no-drop"]) {
    throw new UsageError("Cannot use -Z and --no-drop together: drop to a user or keep root");
  }
  if ((v["tls-cert"] === undefined) !== (v["tls-key"] === undefined)) {
    throw new UsageError("Cannot serve HTTPS with only one of --tls-cert and --tls-key: give both");
  }
}

/** The options that name a file, a user or a source: set only when given, never empty. */
function addOptionalPaths(v: Flags, options: Options): void {
  if (v["relinquish-privileges"] !== undefined) {
    options.dropUser = nonEmpty("--relinquish-privileges", v["relinquish-privileges"]);
  }
  if (v["token-file"] !== undefined) options.tokenFile = nonEmpty("--token-file", v["token-file"]);
  if (v["tls-cert"] !== undefined && v["tls-key"] !== undefined) {
    options.tls = {
      cert: nonEmpty("--tls-cert", v["tls-cert"]),
      key: nonEmpty("--tls-key", v["tls-key"]),
    };
  }
  if (v.config !== undefined) options.config = nonEmpty("--config", v.config);
  if (v.db !== undefined) options.db = nonEmpty("--db", v.db);
  if (v.geoip !== undefined) options.geoip = nonEmpty("--geoip", v.geoip);
  if (v.asn !== undefined) options.asn = nonEmpty("--asn", v.asn);
  if (v.interface !== undefined) options.interface = nonEmpty("--interface", v.interface[0]!);
  if (v.read !== undefined) options.read = nonEmpty("--read", v.read);
}

/** Every `-i`, each named once; bounded by MAX_INTERFACES. */
function interfaceList(given: string[] | undefined): string[] {
  const names = (given ?? []).map((name) => nonEmpty("--interface", name));
  if (names.length > MAX_INTERFACES) {
    throw new UsageError(
      `Cannot capture on ${names.length} interfaces: at most ${MAX_INTERFACES}`,
    );
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new UsageError(`Cannot capture on "${twice}" twice: name each interface once`);
  }
  if (names.length > 1 && names.includes("any")) {
    throw new UsageError(`Cannot use -i any with other interfaces: "any" already holds them all`);
  }
  return names;
}

/** `-w` with `--pcapng`, `-C`, `-G`, `-W`; each of those needs `-w`, and `-W` needs -C or -G. */
function dumpSpec(v: {
  write?: string;
  pcapng?: boolean;
  "file-size"?: string;
  "rotate-seconds"?: string;
  "file-count"?: string;
}): DumpSpec | undefined {
  if (v.write === undefined) {
    const stray = v.pcapng
      ? "--pcapng"
      : v["file-size"] !== undefined
      ? "-C"
      : v["rotate-seconds"] !== undefined
      ? "-G"
      : v["file-count"] !== undefined
      ? "-W"
      : undefined;
    if (stray) throw new UsageError(`Cannot use ${stray} without -w FILE`);
    return undefined;
  }
  const path = nonEmpty("--write", v.write);
  if (path === "-") {
    throw new UsageError("Cannot write packets to standard output: give -w a file name");
  }
  const rotateBytes = rotateSize(v["file-size"]);
  const rotateSeconds = integer("--rotate-seconds", v["rotate-seconds"], 0, 1, 31_536_000);
  const fileCount = integer("--file-count", v["file-count"], 0, 1, MAX_FILE_COUNT);
  if (fileCount > 0 && rotateBytes === 0 && rotateSeconds === 0) {
    throw new UsageError("Cannot use -W without -C or -G: it counts rotated files");
  }
  return {
    path,
    format: dumpFormatFor(path, v.pcapng ?? false),
    rotateBytes,
    rotateSeconds,
    fileCount,
  };
}

function rotateSize(text: string | undefined, flag = "--file-size"): number {
  if (text === undefined) return 0;
  const match = /^(\d+)([kmg]?)$/i.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    throw new UsageError(
      `Invalid ${flag} "${text}": expected a positive whole number of millions of bytes, ` +
        `or one with k, m or g`,
    );
  }
  const bytes = Number(match[1]) * ROTATE_SIZE_UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(bytes)) {
    throw new UsageError(`Invalid ${flag} "${text}": too large`);
  }
  return bytes;
}

/** `--keep SIZE`, read as `-C` reads sizes, within the ring's bounds; 0 when not given. */
function keepSize(text: string | undefined): number {
  if (text === undefined) return 0;
  const bytes = rotateSize(text, "--keep");
  if (bytes < MIN_KEEP_BYTES || bytes > MAX_KEEP_BYTES) {
    throw new UsageError(
      `Invalid --keep "${text}": expected from 1m to 1g (the ring is held in memory, whole)`,
    );
  }
  return bytes;
}

/**
 * `--report` takes an optional value, which a flag parser cannot express: take it out first.
 * Only the words "text" and "json" count as its value, so `--report port 53` still reads as a
 * text report with the filter "port 53".
 */
function extractReport(args: string[]): { args: string[]; report?: ReportFormat } {
  const rest: string[] = [];
  let report: ReportFormat | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === "--report") {
      const next = args[i + 1];
      if (next === "json" || next === "text" || next === "csv") {
        report = next;
        i++;
      } else if (next !== undefined && looksLikeFormat(next)) {
        throw new UsageError(`Invalid --report format "${next}": use text, json or csv`);
      } else {
        report = "text";
      }
    } else if (arg.startsWith("--report=")) {
      const value = arg.slice("--report=".length);
      if (value !== "json" && value !== "text" && value !== "csv") {
        throw new UsageError(`Invalid --report format "${value}": use text, json or csv`);
      }
      report = value;
    } else {
      rest.push(arg);
    }
  }
  return report ? { args: rest, report } : { args: rest };
}

/**
 * Words a BPF filter can begin with (pcap-filter(7) primitives and qualifiers): after
 * `--report` they start the trailing filter; any other bare word (`xml`, `csv`) was meant as a
 * report format.
 */
const FILTER_START_WORDS = new Set([
  "host",
  "net",
  "port",
  "portrange",
  "src",
  "dst",
  "ether",
  "fddi",
  "tr",
  "wlan",
  "ip",
  "ip6",
  "arp",
  "rarp",
  "tcp",
  "udp",
  "icmp",
  "icmp6",
  "sctp",
  "igmp",
  "igrp",
  "pim",
  "ah",
  "esp",
  "vrrp",
  "proto",
  "protochain",
  "gateway",
  "broadcast",
  "multicast",
  "less",
  "greater",
  "len",
  "vlan",
  "mpls",
  "pppoed",
  "pppoes",
  "geneve",
  "inbound",
  "outbound",
  "ifname",
  "on",
  "link",
  "ppp",
  "slip",
  "decnet",
  "atalk",
  "aarp",
  "iso",
  "stp",
  "ipx",
  "netbeui",
  "lat",
  "mopdl",
  "moprc",
  "not",
  "no",
]);

/** A bare word that is neither a flag nor the start of a filter expression. */
function looksLikeFormat(word: string): boolean {
  return /^[a-z][a-z0-9]*$/i.test(word) && !FILTER_START_WORDS.has(word.toLowerCase());
}

function integer(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) {
    throw new UsageError(`Invalid ${flag} "${text}": expected a whole number`);
  }
  const value = Number(text);
  if (value < min || value > max) {
    throw new UsageError(`Invalid ${flag} ${text}: expected ${min} to ${max}`);
  }
  return value;
}

function localNet(text: string): string {
  try {
    parseCidr(text, "--local-net");
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return text;
}

function nonEmpty(flag: string, text: string): string {
  if (text.trim() === "") throw new UsageError(`Invalid ${flag}: the value is empty`);
  return text;
}

function bindAddress(text: string | undefined): string {
  if (text === undefined) return DEFAULT_BIND;
  const address = text.trim();
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (ipv4 && ipv4.slice(1).every((part) => Number(part) <= 255)) return address;
  if (address === "localhost" || (address.includes(":") && /^[0-9a-fA-F:.]+$/.test(address))) {
    return address;
  }
  throw new UsageError(`Invalid --bind "${text}": expected an IP address such as 127.0.0.1`);
}
