/**
 * The information elements the collector reads, by their numbers in the IANA "IPFIX Information
 * Elements" registry (RFC 7012). NetFlow v9 field types 1-79 are the same numbers (RFC 3954
 * section 8, which the IANA registry took over), so one table serves both.
 */

export const IE = {
  octetDeltaCount: 1,
  packetDeltaCount: 2,
  protocolIdentifier: 4,
  tcpControlBits: 6,
  sourceTransportPort: 7,
  sourceIPv4Address: 8,
  destinationTransportPort: 11,
  destinationIPv4Address: 12,
  /** NetFlow v9 LAST_SWITCHED: sysUpTime ms of the last packet. */
  flowEndSysUpTime: 21,
  /** NetFlow v9 FIRST_SWITCHED: sysUpTime ms of the first packet. */
  flowStartSysUpTime: 22,
  sourceIPv6Address: 27,
  destinationIPv6Address: 28,
  /** Deprecated in IPFIX (RFC 7270), still what v9 exporters send: 1 in N packets. */
  samplingInterval: 34,
  samplingAlgorithm: 35,
  /** v9 FLOW_SAMPLER_ID: names a sampler described by an options record. */
  samplerId: 48,
  /** v9 FLOW_SAMPLER_RANDOM_INTERVAL: random 1 in N sampling. */
  samplerRandomInterval: 50,
  octetTotalCount: 85,
  packetTotalCount: 86,
  flowStartSeconds: 150,
  flowEndSeconds: 151,
  flowStartMilliseconds: 152,
  flowEndMilliseconds: 153,
  flowStartMicroseconds: 154,
  flowEndMicroseconds: 155,
  flowStartNanoseconds: 156,
  flowEndNanoseconds: 157,
  /** The epoch ms at which the exporter's sysUpTime was 0 (RFC 5102): turns 21/22 into time. */
  systemInitTimeMilliseconds: 160,
  /** PSAMP (RFC 5477): the sampler's id in IPFIX. */
  selectorId: 302,
  /** PSAMP systematic count-based sampling: `interval` packets taken, then `space` skipped. */
  samplingPacketInterval: 305,
  samplingPacketSpace: 306,
} as const;

/**
 * RFC 5103 biflows: the reverse direction's counters are the forward elements' numbers under
 * this private enterprise number (section 6.1). The collector files them as `REVERSE | id`.
 */
export const REVERSE_PEN = 29_305;
/** Marks an element id as the reverse (RFC 5103) one of the same number. */
export const REVERSE = 0x8000;
export const REVERSED = {
  octetDeltaCount: REVERSE | 1,
  packetDeltaCount: REVERSE | 2,
  tcpControlBits: REVERSE | 6,
} as const;

/** A field length of 65535 in an IPFIX template: the length is carried in each record. */
export const VARIABLE_LENGTH = 65535;

/** The lengths each element may be sent with; numbers not listed here are skipped unread. */
export function allowedLength(id: number, length: number): boolean {
  switch (id) {
    case IE.sourceIPv4Address:
    case IE.destinationIPv4Address:
      return length === 4;
    case IE.sourceIPv6Address:
    case IE.destinationIPv6Address:
      return length === 16;
    case IE.protocolIdentifier:
      return length === 1;
    case IE.sourceTransportPort:
    case IE.destinationTransportPort:
    case IE.tcpControlBits:
    case REVERSED.tcpControlBits:
      return length === 1 || length === 2;
    case IE.flowStartSeconds:
    case IE.flowEndSeconds:
    case IE.flowEndSysUpTime:
    case IE.flowStartSysUpTime:
      return length === 4;
    case IE.flowStartMilliseconds:
    case IE.flowEndMilliseconds:
    case IE.flowStartMicroseconds:
    case IE.flowEndMicroseconds:
    case IE.flowStartNanoseconds:
    case IE.flowEndNanoseconds:
    case IE.systemInitTimeMilliseconds:
      return length === 8;
    case IE.octetDeltaCount:
    case IE.packetDeltaCount:
    case REVERSED.octetDeltaCount:
    case REVERSED.packetDeltaCount:
    case IE.octetTotalCount:
    case IE.packetTotalCount:
    case IE.samplingInterval:
    case IE.samplingAlgorithm:
    case IE.samplerId:
    case IE.samplerRandomInterval:
    case IE.selectorId:
    case IE.samplingPacketInterval:
    case IE.samplingPacketSpace:
      // Unsigned integers may be sent in fewer bytes than their type (RFC 7011 section 6.2).
      return length >= 1 && length <= 8;
    default:
      return true;
  }
}
