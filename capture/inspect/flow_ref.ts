/** The 5-tuple of a decoded packet as a `FlowRef`: built only when a name is reported. */
import type { DecodedPacket } from "../decode/packet.ts";
import type { FlowRef } from "./name_event.ts";
import { ipText } from "./ip_text.ts";

export function flowRefOf(packet: DecodedPacket, tunneled: boolean): FlowRef {
  return {
    src: ipText(packet.src, packet.addrLen),
    dst: ipText(packet.dst, packet.addrLen),
    sport: packet.srcPort,
    dport: packet.dstPort,
    proto: packet.ipProto,
    tunneled,
  };
}
