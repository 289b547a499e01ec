/**
 * The narrow view of one decoded packet that consumers beside `stats/` (the alert detectors)
 * may read while the main thread ingests it. It names only plain numeric fields and two address
 * buffers, so an observer never depends on the decoder's module, and the decoder's reused
 * `DecodedPacket` satisfies it as it is (no copy, no allocation per packet).
 */
import type { DecodedPacket } from "../capture/decode/packet.ts";

export { L3, L4, TcpFlag } from "../capture/decode/packet.ts";
export type { L3 as L3Class, L4 as L4Class } from "../capture/decode/packet.ts";
/** What the capture worker's opt-in payload scan found (a batch of hits, not packets). */
export type { PayloadHit, PayloadHitBatch } from "../capture/payload/payload_spec.ts";

/** The fields an observer may read; valid only during the `observe()` call. */
export type ObservedPacket = Pick<
  DecodedPacket,
  | "tsSec"
  | "tsNsec"
  | "wireLen"
  | "l3"
  | "l4"
  | "ipProto"
  | "addrLen"
  | "src"
  | "dst"
  | "srcPort"
  | "dstPort"
  | "tcpFlags"
  | "icmpType"
  | "payloadLength"
>;

/** Something counting packets beside the statistics engine; must not keep `p`. */
export interface PacketObserver {
  observe(p: ObservedPacket): void;
}
