/**
 * One flow record as a collector hands it to the statistics engine (`StatsEngine.ingestRecord`):
 * what a NetFlow or IPFIX exporter says a flow carried, counts already multiplied by its sampling
 * rate. Unlike a packet it stands for many packets in one direction.
 */
export interface FlowRecordInput {
  /** 4 or 16: the length of the addresses in `src` and `dst`. */
  addrLen: number;
  /** Source and destination address in network order; IPv4 uses the first 4 bytes. */
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  /** IP protocol number; -1 when the record gave none. */
  protocol: number;
  /** Transport ports; -1 when the record gave none. */
  srcPort: number;
  dstPort: number;
  /** TCP flags ORed over the flow; -1 when the record gave none. */
  tcpFlags: number;
  packets: number;
  /** Bytes of the IP packets (NetFlow and IPFIX count from the IP header on). */
  octets: number;
  /** Epoch ms of the flow's first and last packet. */
  startMs: number;
  endMs: number;
}
