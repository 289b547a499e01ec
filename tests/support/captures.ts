/**
 * The corpus of real captures and tshark's ground truth for each, kept in the repository so a
 * fresh clone tests itself: `tests/captures/` (39 files) and `tests/captures-2/` (18 more: tunnels,
 * QUIC drafts, gQUIC, PPP, DNS tunnels). `tests/captures/README.md` defines every field, and each
 * folder's SOURCES.tsv gives every file's origin and licence.
 */

/** One corpus folder and the number of captures its README promises (fewer is a broken checkout). */
export interface Corpus {
  dir: string;
  files: number;
}

/** Both corpora, in the order their names are listed. */
export const CORPORA: readonly Corpus[] = [
  { dir: new URL("../captures/", import.meta.url).pathname, files: 39 },
  { dir: new URL("../captures-2/", import.meta.url).pathname, files: 18 },
];

/** The first corpus: its README is the reference for every expected field. */
export const CAPTURES_DIR = CORPORA[0]!.dir;

/** The subset of expected/<name>.json the tests compare. */
export interface Expected {
  file: string;
  packets: number;
  bytes: number;
  header: { dlt_name: string | string[]; format: string };
  outer_l3: { ipv4: number; ipv6: number; arp: number; other: number };
  outer_l4: { tcp: number; udp: number; icmp: number; icmpv6: number; other: number };
  top_src_ips: { ip: string; packets: number; bytes: number }[];
  top_src_ips_tie_at_10: boolean;
  distinct_src_ips: number;
  outer_5tuples: { tcp: number; udp: number };
  first_ts: string | null;
  last_ts: string | null;
  /** Every dns.qry.name in query frames (mDNS, LLMNR, tunnels, ICMP quotes included). */
  dns_query_name_counts: Record<string, number>;
  /** Every TLS SNI tshark shows, QUIC Initials included. */
  tls_sni_counts: Record<string, number>;
  /** The subset of `tls_sni_counts` names seen in QUIC. */
  tls_sni_quic: string[];
  /** Every http.host value (SSDP included). */
  http_host_counts: Record<string, number>;
}

const CAPTURE_FILE = /\.(pcap|pcapng|cap)$/;

/** The capture file names of one corpus folder, sorted. */
export function corpusNames(corpus: Corpus): string[] {
  return [...Deno.readDirSync(corpus.dir)]
    .filter((e) => e.isFile && CAPTURE_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Every capture of both corpora, sorted by corpus then name. */
export function captureNames(): string[] {
  return CORPORA.flatMap(corpusNames);
}

function corpusOf(name: string): Corpus {
  for (const corpus of CORPORA) {
    try {
      if (Deno.statSync(`${corpus.dir}${name}`).isFile) return corpus;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${name} is in no corpus folder (${CORPORA.map((c) => c.dir).join(", ")})`);
}

export function capturePath(name: string): string {
  return `${corpusOf(name).dir}${name}`;
}

export function expectedPath(name: string): string {
  return `${corpusOf(name).dir}expected/${name}.json`;
}

export function expectedFor(name: string): Expected {
  return JSON.parse(Deno.readTextFileSync(expectedPath(name)));
}

/**
 * A name as the oracle compares it. tshark 4.0.17 turns bytes that are not UTF-8 into U+FFFD with
 * its own rule for how many (not TextDecoder's "maximal subparts"), so the corpus README says to
 * compare with every run of U+FFFD collapsed to one, on both sides.
 */
export function comparableName(name: string): string {
  return name.replace(/\uFFFD+/g, "\uFFFD");
}

/** tshark's escapes of control bytes 7 to 13 (format_text() in Wireshark's strutil). */
const C_ESCAPES: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
};
const DEL = 0x7f;
const utf8 = new TextDecoder();

/** wirescope's text (`\xNN` escapes, see capture/inspect/ascii_text.ts) back to its bytes. */
function bytesOfText(ours: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < ours.length; i++) {
    const escape = /^\\x([0-9a-f]{2})/.exec(ours.slice(i, i + 4));
    bytes.push(escape ? parseInt(escape[1]!, 16) : ours.charCodeAt(i));
    if (escape) i += 3;
  }
  return bytes;
}

/**
 * One of wirescope's DNS names shown the way tshark 4.0.17 shows the same bytes, then made
 * comparable. wirescope writes every byte outside printable ASCII, a backslash and a dot inside
 * a DNS label as `\xNN` (lossless, as dig and tcpdump do: see capture/inspect/dns_name.ts);
 * tshark writes control bytes and DEL as C escapes (`\n`, `\001`, `\177`), keeps a backslash
 * and a dot as they are, and reads the other bytes as UTF-8 (U+FFFD where they are not).
 */
export function tsharkDnsName(ours: string): string {
  const bytes: number[] = [];
  for (const b of bytesOfText(ours)) {
    if (b < 0x20 || b === DEL) {
      const text = C_ESCAPES[b] ?? `\\${b.toString(8).padStart(3, "0")}`;
      for (const c of text) bytes.push(c.charCodeAt(0));
    } else bytes.push(b);
  }
  return comparableName(utf8.decode(Uint8Array.from(bytes)));
}

/**
 * One of wirescope's TLS server names or HTTP hosts shown the way tshark 4.0.17 shows the same
 * bytes, then made comparable. tshark reads these fields as ASCII strings: a NUL ends the
 * string, every byte from 0x80 is one U+FFFD (even where the bytes are valid UTF-8), control
 * bytes and DEL stay as they are.
 */
export function tsharkAsciiName(ours: string): string {
  let text = "";
  for (const b of bytesOfText(ours)) {
    if (b === 0) break;
    text += b >= 0x80 ? "\uFFFD" : String.fromCharCode(b);
  }
  return comparableName(text);
}

/** Which of tshark's ways of showing bytes applies to a table of wirescope's names. */
export type OurNames = "dns" | "ascii";

/**
 * A `{ name: count }` table with its names made comparable (counts of merged names add up):
 * tshark's as they are, wirescope's (`ours`) through `tsharkDnsName()` or `tsharkAsciiName()`.
 */
export function comparableCounts(
  counts: Record<string, number>,
  ours?: OurNames,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, count] of Object.entries(counts)) {
    const key = ours === "dns"
      ? tsharkDnsName(name)
      : ours === "ascii"
      ? tsharkAsciiName(name)
      : comparableName(name);
    out[key] = (out[key] ?? 0) + count;
  }
  return out;
}
