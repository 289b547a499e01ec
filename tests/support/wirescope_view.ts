/**
 * What wirescope makes of built frames, in the vocabulary of `tsharkView()`: each frame decoded
 * from a buffer exactly its captured length (a read past caplen throws) and inspected for
 * names, so a test can compare the two views field by field.
 */
import { DecodedPacket, L3, L4 } from "../../capture/decode/packet.ts";
import { decodeFrame } from "../../capture/decode/decoder.ts";
import { AppInspector } from "../../capture/inspect/app_inspector.ts";
import { formatAddress } from "../../net/ip_format.ts";
import type { BuiltFrame, TsharkFrame } from "../../capture/decode/testdata/tshark_view.ts";

const L3_NAMES = ["none", "ipv4", "ipv6", "arp", "other"] as const;
const L4_NAMES = ["none", "tcp", "udp", "icmp", "icmpv6", "other"] as const;

/** wirescope's view of `frames`, decoded and inspected in order by one inspector. */
export function wirescopeView(frames: readonly BuiltFrame[]): TsharkFrame[] {
  const inspector = new AppInspector();
  const packet = new DecodedPacket();
  return frames.map((f, i) => {
    const bytes = f.bytes.slice();
    const view = new DataView(bytes.buffer);
    decodeFrame(f.linkType, view, 0, bytes.length, f.wireLen ?? bytes.length, packet);
    packet.tsSec = 1_700_000_000 + i;
    inspector.inspect(packet, view, 0, bytes.length);
    const names = { dnsQueries: [] as string[], sni: [] as string[], httpHosts: [] as string[] };
    for (const e of inspector.drain()) {
      if (e.kind === "dns-query") names.dnsQueries.push(e.name);
      else if (e.kind === "tls-sni" || e.kind === "quic-sni") names.sni.push(e.name);
      else if (e.kind === "http-host") names.httpHosts.push(e.name);
    }
    const ip = packet.l3 === L3.ipv4 || packet.l3 === L3.ipv6;
    const hasAddresses = ip && packet.addrLen > 0;
    const ports = packet.l4 === L4.tcp || packet.l4 === L4.udp;
    return {
      len: packet.wireLen,
      protocols: "",
      l3: L3_NAMES[packet.l3] === "none" ? "other" : L3_NAMES[packet.l3] as TsharkFrame["l3"],
      l4: ip ? L4_NAMES[packet.l4]! : "none",
      src: hasAddresses ? formatAddress(packet.src, packet.addrLen) : null,
      dst: hasAddresses ? formatAddress(packet.dst, packet.addrLen) : null,
      srcPort: ports && packet.srcPort >= 0 ? packet.srcPort : null,
      dstPort: ports && packet.dstPort >= 0 ? packet.dstPort : null,
      ...names,
    };
  });
}

/** The fields both views must agree on, for one readable `deepEqual` per frame. */
export function comparable(f: TsharkFrame) {
  return {
    len: f.len,
    l3: f.l3,
    l4: f.l4,
    src: f.src,
    dst: f.dst,
    srcPort: f.srcPort,
    dstPort: f.dstPort,
    dnsQueries: f.dnsQueries,
    sni: f.sni,
    httpHosts: f.httpHosts,
  };
}
