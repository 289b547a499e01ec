/**
 * Names from the wire: `AppInspector` looks inside decoded frames (through tunnels, IP
 * fragments and TCP segments) for DNS questions and answers, TLS and QUIC SNI and HTTP Host
 * headers, and hands them out as plain `NameEvent` objects.
 *
 * @module
 */

export { AppInspector } from "./app_inspector.ts";
export { DEFAULT_LIMITS, type InspectLimits } from "./limits.ts";
export type { DnsSink } from "./dns_sink.ts";
export type {
  DnsAnswerEvent,
  DnsProto,
  DnsQueryEvent,
  FlowRef,
  HttpHostEvent,
  NameEvent,
  QuicSniEvent,
  TlsSniEvent,
} from "./name_event.ts";
