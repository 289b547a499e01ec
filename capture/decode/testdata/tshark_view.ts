/**
 * Test helper: what tshark makes of built frames, per frame, classified the way
 * `tests/captures/make_expected.sh` classifies a capture (the outer-most `ip`, `ipv6` or `arp`
 * in `frame.protocols` decides the network class, the protocol that header announces the
 * transport class), plus the names tshark finds. Runs the real tshark, with the corpus's
 * pinned preferences and an empty personal configuration.
 */
import { PcapWriter } from "../../savefile/mod.ts";

/** One frame to show tshark: link type (DLT), captured bytes and, if longer, the wire length. */
export interface BuiltFrame {
  linkType: number;
  bytes: Uint8Array;
  wireLen?: number;
}

/** tshark's view of one frame, in the oracle's vocabulary. */
export interface TsharkFrame {
  /** `frame.len`: the wire length after any pseudo-header tshark's reader strips. */
  len: number;
  protocols: string;
  l3: "ipv4" | "ipv6" | "arp" | "other";
  l4: "tcp" | "udp" | "icmp" | "icmpv6" | "other" | "none";
  src: string | null;
  dst: string | null;
  srcPort: number | null;
  dstPort: number | null;
  /** `dns.qry.name` of frames that are queries, every occurrence (tunnels included). */
  dnsQueries: string[];
  sni: string[];
  httpHosts: string[];
}

const PREFS = [
  "-o",
  "ip.defragment:TRUE",
  "-o",
  "ipv6.defragment:TRUE",
  "-o",
  "tcp.desegment_tcp_streams:TRUE",
];
const FIELDS = [
  "frame.len",
  "frame.protocols",
  "ip.src",
  "ip.dst",
  "ip.proto",
  "ipv6.src",
  "ipv6.dst",
  "ipv6.fraghdr.nxt",
  "tcp.srcport",
  "tcp.dstport",
  "udp.srcport",
  "udp.dstport",
  "dns.flags.response",
  "dns.qry.name",
  "tls.handshake.extensions_server_name",
  "http.host",
];
const IPV6_EXT = new Set([
  "ipv6.hopopts",
  "ipv6.routing",
  "ipv6.dstopts",
  "ipv6.fraghdr",
  "ipv6.shim6",
]);
const L4_BY_NUMBER: Record<string, TsharkFrame["l4"]> = {
  "6": "tcp",
  "17": "udp",
  "1": "icmp",
  "58": "icmpv6",
};

type Layers = Record<string, string[] | undefined>;

/** Write `frames` (all of one link type) to a pcap file and return tshark's view of each. */
export async function tsharkView(frames: readonly BuiltFrame[]): Promise<TsharkFrame[]> {
  const linkType = frames[0]?.linkType;
  if (linkType === undefined) return [];
  const dir = await Deno.makeTempDir({ prefix: "wirescope-tshark-" });
  try {
    const path = `${dir}/frames.pcap`;
    await Deno.writeFile(path, builtPcap(frames));
    await Deno.mkdir(`${dir}/config`);
    const args = ["-n", "-r", path, ...PREFS, "-T", "json", ...FIELDS.flatMap((f) => ["-e", f])];
    const result = await new Deno.Command("tshark", {
      args,
      env: { WIRESHARK_CONFIG_DIR: `${dir}/config` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(result.stdout);
    if (!result.success) {
      throw new Error(`tshark failed: ${new TextDecoder().decode(result.stderr)}`);
    }
    const rows = JSON.parse(stdout || "[]") as { _source: { layers: Layers } }[];
    return rows.map((r) => classify(r._source.layers));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A pcap file of `frames` (all of one link type), one second apart. */
export function builtPcap(frames: readonly BuiltFrame[]): Uint8Array {
  const linkType = frames[0]?.linkType ?? 1;
  const writer = new PcapWriter({ linkType });
  frames.forEach((f, i) => {
    if (f.linkType !== linkType) throw new Error("builtPcap(): one link type per file");
    writer.writePacket(1_700_000_000 + i, 0, f.bytes, f.wireLen ?? f.bytes.length);
  });
  return writer.toBytes();
}

function first(layers: Layers, field: string): string | null {
  return layers[field]?.[0] ?? null;
}

function classify(layers: Layers): TsharkFrame {
  const protocols = first(layers, "frame.protocols") ?? "";
  const tokens = protocols.split(":");
  const isQuery = (layers["dns.flags.response"] ?? []).some((v) => v === "0" || v === "False");
  const names = {
    dnsQueries: isQuery ? [...(layers["dns.qry.name"] ?? [])] : [],
    sni: [...(layers["tls.handshake.extensions_server_name"] ?? [])],
    httpHosts: [...(layers["http.host"] ?? [])],
  };
  const view: TsharkFrame = {
    len: Number(first(layers, "frame.len")),
    protocols,
    l3: "other",
    l4: "none",
    src: null,
    dst: null,
    srcPort: null,
    dstPort: null,
    ...names,
  };
  const l3 = tokens.find((t) => t === "ip" || t === "ipv6" || t === "arp");
  if (l3 === undefined) return view;
  if (l3 === "arp") return { ...view, l3: "arp" };
  if (l3 === "ip") {
    view.l3 = "ipv4";
    view.src = first(layers, "ip.src");
    view.dst = first(layers, "ip.dst");
    view.l4 = L4_BY_NUMBER[first(layers, "ip.proto") ?? ""] ?? "other";
  } else {
    view.l3 = "ipv6";
    view.src = first(layers, "ipv6.src");
    view.dst = first(layers, "ipv6.dst");
    let rest = tokens.slice(tokens.indexOf("ipv6") + 1);
    let sawFragment = false;
    while (rest.length > 0 && IPV6_EXT.has(rest[0]!)) {
      sawFragment ||= rest[0] === "ipv6.fraghdr";
      rest = rest.slice(1);
    }
    const next = rest[0];
    if (sawFragment && (next === undefined || next === "data")) {
      view.l4 = L4_BY_NUMBER[first(layers, "ipv6.fraghdr.nxt") ?? ""] ?? "other";
    } else {
      view.l4 = next === "tcp" || next === "udp" || next === "icmp" || next === "icmpv6"
        ? next
        : "other";
    }
  }
  if (view.l4 === "tcp" || view.l4 === "udp") {
    const sp = first(layers, `${view.l4}.srcport`);
    const dp = first(layers, `${view.l4}.dstport`);
    view.srcPort = sp === null ? null : Number(sp);
    view.dstPort = dp === null ? null : Number(dp);
  }
  return view;
}
