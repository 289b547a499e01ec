/**
 * Protocol mix: frames and bytes per outer L3 and L4 class (the corpus's `outer_l3`/`outer_l4`),
 * per IP protocol number, per ethertype, and a protocol hierarchy like tshark's `-z io,phs`
 * (eth > vlan > ipv4 > tcp) built only from what the decoder reports.
 *
 * Every counter is a slot in a preallocated Float64Array addressed by small integers, so
 * counting a frame is a few array increments; the hierarchy tree is built when read. The L3
 * and IP protocol counts are sums of hierarchy cells, so they too are folded from the cells
 * when read instead of being counted per frame.
 */

import { type DecodedPacket, Encap, L3, L4 } from "../capture/decode/packet.ts";
import { etherTypeName, ipProtocolName, linkTypeName } from "./protocol_names.ts";

/** Distinct link types kept apart in the hierarchy; more than 8 in one capture share a node. */
export const MAX_LINK_KINDS = 8;

const VLAN_DEPTHS = 3; // untagged, one tag, two or more
const L3_KINDS = 5;
const PROTO_SLOTS = 257; // IP protocol 0..255, then "no protocol"
const NO_PROTO = 256;
const CELLS = MAX_LINK_KINDS * VLAN_DEPTHS * 2 * L3_KINDS * PROTO_SLOTS;
const ETHER_TYPES = 65536;

export interface OuterL3Counts {
  ipv4: number;
  ipv6: number;
  arp: number;
  other: number;
}
export interface OuterL4Counts {
  tcp: number;
  udp: number;
  icmp: number;
  icmpv6: number;
  other: number;
}
/** One node of the protocol hierarchy; the root is "frame". */
export interface HierarchyNode {
  name: string;
  packets: number;
  bytes: number;
  children: HierarchyNode[];
}
/** Frames and bytes for one protocol number or ethertype (-1: none). */
export interface NumberedCount {
  number: number;
  name: string;
  packets: number;
  bytes: number;
}

export class ProtocolMix {
  // Indexed by `L3` value and `L4` value; `#l3` and `#ipProto` are filled by `#fold()`.
  readonly #l3 = new Float64Array(L3_KINDS * 2);
  readonly #l4 = new Float64Array(6 * 2);
  readonly #ipProto = new Float64Array(256 * 2);
  readonly #etherType = new Float64Array(ETHER_TYPES * 2);
  #noEtherTypePackets = 0;
  #noEtherTypeBytes = 0;
  readonly #cells = new Float64Array(CELLS * 2);
  /** Link-type slot + 1 per DLT (0: not seen yet), and the DLT of each slot. */
  readonly #linkSlot = new Uint8Array(65536);
  readonly #linkDlt: number[] = [];

  /** Count one frame. */
  add(p: DecodedPacket): void {
    const bytes = p.wireLen;
    const l3 = p.l3;
    const isIp = l3 === L3.ipv4 || l3 === L3.ipv6;
    if (isIp) bump(this.#l4, p.l4, bytes);
    if (p.etherType >= 0 && p.etherType < ETHER_TYPES) bump(this.#etherType, p.etherType, bytes);
    else {
      this.#noEtherTypePackets++;
      this.#noEtherTypeBytes += bytes;
    }
    const link = this.#linkIndex(p.linkType);
    const vlan = p.vlanCount >= 2 ? 2 : p.vlanCount;
    const pppoe = (p.encapsulation & Encap.pppoe) !== 0 ? 1 : 0;
    const proto = isIp && p.ipProto >= 0 && p.ipProto < 256 ? p.ipProto : NO_PROTO;
    const cell = (((link * VLAN_DEPTHS + vlan) * 2 + pppoe) * L3_KINDS + l3) * PROTO_SLOTS + proto;
    bump(this.#cells, cell, bytes);
  }

  /**
   * Count `packets` frames of `p.wireLen` bytes in all, as a flow record reports them (an IP
   * header, untagged, on the link type `p` names). Not the packet path: `add()` is.
   */
  addRecord(p: DecodedPacket, packets: number): void {
    const bytes = p.wireLen;
    const l3 = p.l3;
    if (l3 !== L3.ipv4 && l3 !== L3.ipv6) return;
    bumpMany(this.#l4, p.l4, packets, bytes);
    if (p.etherType >= 0 && p.etherType < ETHER_TYPES) {
      bumpMany(this.#etherType, p.etherType, packets, bytes);
    }
    const proto = p.ipProto >= 0 && p.ipProto < 256 ? p.ipProto : NO_PROTO;
    const cell = (this.#linkIndex(p.linkType) * VLAN_DEPTHS * 2 * L3_KINDS + l3) * PROTO_SLOTS +
      proto;
    bumpMany(this.#cells, cell, packets, bytes);
  }

  /** Frames per outer L3 class; "other" is L3 other or none, so the four add up to all frames. */
  outerL3(): OuterL3Counts {
    const c = this.#fold().l3;
    return { ipv4: c[2]!, ipv6: c[4]!, arp: c[6]!, other: c[0]! + c[8]! };
  }
  outerL3Bytes(): OuterL3Counts {
    const c = this.#fold().l3;
    return { ipv4: c[3]!, ipv6: c[5]!, arp: c[7]!, other: c[1]! + c[9]! };
  }

  /**
   * Frames per outer L4 class of IPv4/IPv6 frames; an IP frame without a known protocol counts
   * as "other", so the five add up to ipv4 + ipv6 as in the corpus.
   */
  outerL4(): OuterL4Counts {
    return this.#l4Counts(0);
  }
  outerL4Bytes(): OuterL4Counts {
    return this.#l4Counts(1);
  }

  /** Frames and bytes per IP protocol number of the outer header, most frames first. */
  ipProtocols(): NumberedCount[] {
    return collect(this.#fold().ipProto, 256, ipProtocolName);
  }

  /** Frames and bytes per ethertype, most frames first; number -1 collects frames with none. */
  etherTypes(): NumberedCount[] {
    const out = collect(this.#etherType, ETHER_TYPES, etherTypeName);
    if (this.#noEtherTypePackets > 0) {
      out.push({
        number: -1,
        name: "none",
        packets: this.#noEtherTypePackets,
        bytes: this.#noEtherTypeBytes,
      });
    }
    return out;
  }

  /** The protocol hierarchy, children ordered by frames (most first), then name. */
  hierarchy(): HierarchyNode {
    const root: HierarchyNode = { name: "frame", packets: 0, bytes: 0, children: [] };
    const c = this.#cells;
    for (let cell = 0; cell < CELLS; cell++) {
      const packets = c[cell * 2]!;
      if (packets === 0) continue;
      const bytes = c[cell * 2 + 1]!;
      let rest = cell;
      const proto = rest % PROTO_SLOTS;
      rest = Math.floor(rest / PROTO_SLOTS);
      const l3 = rest % L3_KINDS;
      rest = Math.floor(rest / L3_KINDS);
      const pppoe = rest % 2;
      rest = Math.floor(rest / 2);
      const vlan = rest % VLAN_DEPTHS;
      const link = Math.floor(rest / VLAN_DEPTHS);
      const path = [linkName(this.#linkDlt[link])];
      for (let v = 0; v < vlan; v++) path.push("vlan");
      if (pppoe === 1) path.push("pppoes");
      if (l3 !== L3.none) path.push(L3_NAMES[l3] ?? "other");
      if (proto !== NO_PROTO) path.push(ipProtocolName(proto).toLowerCase());
      root.packets += packets;
      root.bytes += bytes;
      let node = root;
      for (const name of path) {
        let child = node.children.find((n) => n.name === name);
        if (child === undefined) {
          child = { name, packets: 0, bytes: 0, children: [] };
          node.children.push(child);
        }
        child.packets += packets;
        child.bytes += bytes;
        node = child;
      }
    }
    sortTree(root);
    return root;
  }

  /** Sum the cells into frames and bytes per L3 kind and per IP protocol (cells keep both). */
  #fold(): { l3: Float64Array; ipProto: Float64Array } {
    const l3 = this.#l3, ipProto = this.#ipProto, c = this.#cells;
    l3.fill(0);
    ipProto.fill(0);
    for (let cell = 0; cell < CELLS; cell++) {
      const packets = c[cell * 2]!;
      if (packets === 0) continue;
      const bytes = c[cell * 2 + 1]!;
      const proto = cell % PROTO_SLOTS;
      const kind = Math.floor(cell / PROTO_SLOTS) % L3_KINDS;
      l3[kind * 2] = l3[kind * 2]! + packets;
      l3[kind * 2 + 1] = l3[kind * 2 + 1]! + bytes;
      if (proto !== NO_PROTO) {
        ipProto[proto * 2] = ipProto[proto * 2]! + packets;
        ipProto[proto * 2 + 1] = ipProto[proto * 2 + 1]! + bytes;
      }
    }
    return { l3, ipProto };
  }

  #l4Counts(offset: number): OuterL4Counts {
    const c = this.#l4;
    return {
      tcp: c[L4.tcp * 2 + offset]!,
      udp: c[L4.udp * 2 + offset]!,
      icmp: c[L4.icmp * 2 + offset]!,
      icmpv6: c[L4.icmpv6 * 2 + offset]!,
      other: c[L4.other * 2 + offset]! + c[L4.none * 2 + offset]!,
    };
  }

  #linkIndex(dlt: number): number {
    const key = dlt & 0xffff;
    const slot = this.#linkSlot[key]!;
    if (slot !== 0) return slot - 1;
    if (this.#linkDlt.length >= MAX_LINK_KINDS) return MAX_LINK_KINDS - 1;
    this.#linkDlt.push(this.#linkDlt.length === MAX_LINK_KINDS - 1 ? -1 : key);
    this.#linkSlot[key] = this.#linkDlt.length;
    return this.#linkDlt.length - 1;
  }
}

const L3_NAMES = ["", "ipv4", "ipv6", "arp", "other"];

function linkName(dlt: number | undefined): string {
  return dlt === undefined || dlt < 0 ? "other links" : linkTypeName(dlt);
}

function bump(counts: Float64Array, i: number, bytes: number): void {
  counts[i * 2] = counts[i * 2]! + 1;
  counts[i * 2 + 1] = counts[i * 2 + 1]! + bytes;
}

function bumpMany(counts: Float64Array, i: number, packets: number, bytes: number): void {
  counts[i * 2] = counts[i * 2]! + packets;
  counts[i * 2 + 1] = counts[i * 2 + 1]! + bytes;
}

function collect(c: Float64Array, n: number, name: (i: number) => string): NumberedCount[] {
  const out: NumberedCount[] = [];
  for (let i = 0; i < n; i++) {
    if (c[i * 2]! > 0) {
      out.push({ number: i, name: name(i), packets: c[i * 2]!, bytes: c[i * 2 + 1]! });
    }
  }
  return out.sort((a, b) => b.packets - a.packets || a.number - b.number);
}

function sortTree(node: HierarchyNode): void {
  node.children.sort((a, b) => b.packets - a.packets || (a.name < b.name ? -1 : 1));
  node.children.forEach(sortTree);
}
