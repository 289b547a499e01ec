/**
 * Messages between the main thread and the capture worker. Packets never travel as messages:
 * they go through the shared `PacketRing`; these carry only control and metadata.
 */
import type { NameBatch } from "./name_batch.ts";
import type { DumpSpec } from "./dump/dump_spec.ts";
import type { PayloadHitBatch, PayloadSpec } from "./payload/payload_spec.ts";

/** Where packets come from. */
export type CaptureSource =
  | {
    kind: "live";
    /** Interface name; "any" captures on every interface on Linux. */
    device: string;
    snaplen: number;
    promiscuous: boolean;
    /** Kernel capture buffer in bytes. */
    bufferBytes: number;
  }
  | {
    kind: "file";
    /** A pcap or pcapng file, or "-" for standard input. */
    path: string;
  };

export interface StartMessage {
  type: "start";
  source: CaptureSource;
  /** BPF expression in libpcap syntax; empty for none. */
  filter: string;
  /** Stop after this many packets; 0 for no limit. */
  count: number;
  /** Read names (DNS, TLS/QUIC SNI, HTTP Host) from payloads; off trades them for speed. */
  inspectNames: boolean;
  ring: SharedArrayBuffer;
  /** `-w`: write the packets that pass the filter to savefiles as they are read. */
  dump?: DumpSpec;
  /**
   * Clear this thread's capabilities once the handle and `-w`'s file are open: Linux keeps
   * capabilities per thread, so the main thread's drop does not reach the worker.
   */
  dropCapabilities?: boolean;
  /**
   * `--payload N`: the shared ring (`PayloadRing`) where the worker keeps each packet's first
   * `bytesPerPacket` payload bytes beside its record; absent, no payload byte is kept.
   */
  keptPayload?: { ring: SharedArrayBuffer; bytesPerPacket: number };
  /** The shared table (`DnsSummaryRing`) where the worker summarises DNS messages per packet. */
  dnsSummaries?: SharedArrayBuffer;
  /**
   * `--keep SIZE`: the shared byte ring (capture/keep/) where the worker copies every packet
   * that passed the filter, whole; absent (the default), no packet is kept.
   */
  keep?: SharedArrayBuffer;
  /** Opt-in payload rules and entropy check; absent, no payload byte is looked at for them. */
  payload?: PayloadSpec;
  /**
   * Open the source and `-w`'s file, then wait for a `ReleaseMessage` before reading any
   * packet: the main thread sends it once privileges are dropped, so that no byte from outside
   * is parsed while the process still holds them.
   */
  held?: boolean;
}

/** Main thread to a held worker: privileges are gone, reading may begin. */
export interface ReleaseMessage {
  type: "release";
}

/** Which reader produced the packets: libpcap, or our own for files libpcap refuses. */
export type ReaderKind = "libpcap" | "wirescope";

export interface OpenedMessage {
  type: "opened";
  linkType: number;
  /** libpcap's name for the link type, e.g. "EN10MB". */
  linkTypeName: string;
  snaplen: number;
  nanosecond: boolean;
  reader: ReaderKind;
  /** Live captures: the `pcap_t` address, for `pcap_breakloop` from the main thread. */
  handleAddress?: bigint;
  /** A non-fatal warning from activation, e.g. promiscuous mode not supported. */
  warning?: string;
}

/** New records are in the ring. Sent at most once until the main thread clears `notified`. */
export interface DataMessage {
  type: "data";
}

/** Names read off the wire (DNS, SNI, HTTP Host) since the last message, condensed. */
export interface NamesMessage extends NameBatch {
  type: "names";
}

/** What the payload rules and entropy check found since the last message. */
export interface PayloadMessage extends PayloadHitBatch {
  type: "payload";
}

/** Something the user should know that does not stop the capture. */
export interface NoticeMessage {
  type: "notice";
  message: string;
}

export type EndReason = "eof" | "count" | "stopped" | "error";

/** The worker has published its last record and closed the handle. */
export interface EndMessage {
  type: "end";
  reason: EndReason;
  /** Packets read from the source, including any dropped for backlog; -1 when unknown. */
  packetsRead: number;
  /** For reason "error": a one-line message. */
  message?: string;
}

/** The source could not be opened; nothing was read. */
export interface FailedMessage {
  type: "failed";
  message: string;
  kind: string;
}

export type WorkerMessage =
  | OpenedMessage
  | DataMessage
  | NamesMessage
  | PayloadMessage
  | NoticeMessage
  | EndMessage
  | FailedMessage;
