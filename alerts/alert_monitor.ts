/**
 * The alert side of a run: counts each packet the main thread ingests (bounded, allocation-free
 * tables, one lookup per table a packet concerns), closes the detectors' windows on the run's
 * clock, and hands findings to the alert engine (folding, rate limit, mutes) and its sinks.
 *
 * Time: with the packet clock (files) windows close as packet timestamps cross each second, so
 * a file's alerts carry the times of the incident; with the wall clock (live) the caller ticks
 * once a second. Nothing runs inside the capture worker.
 */
import type { Alert, Severity } from "./alert.ts";
import { AlertEngine } from "./alert_engine.ts";
import type { AlertOptions } from "./alert_options.ts";
import type { AlertSink } from "./alert_sink.ts";
import { addressKey } from "./address_slots.ts";
import { AnomalyDetector } from "./anomaly/anomaly_detector.ts";
import { HostRows, type HostTraffic } from "./anomaly/host_rows.ts";
import { DetectionWindow } from "./detection_window.ts";
import { BlocklistDetector } from "./detectors/blocklist.ts";
import { CaptureHealthDetector, type DropCounters } from "./detectors/capture_health.ts";
import { DnsTunnelDetector } from "./detectors/dns_tunnel.ts";
import { judgeIcmpFloods } from "./detectors/icmp_flood.ts";
import { PingSweepDetector } from "./detectors/ping_sweep.ts";
import {
  FIRST_ANSWER,
  NOT_AN_ANSWER,
  PortScanDetector,
  PROTO_TCP,
  PROTO_UDP,
} from "./detectors/port_scan.ts";
import { NewActivityDetector } from "./detectors/new_activity.ts";
import { MAX_PAYLOAD_TALLIES, PayloadDetector } from "./detectors/payload.ts";
import { judgeSourceFloods } from "./detectors/source_flood.ts";
import { SynFloodDetector } from "./detectors/syn_flood.ts";
import {
  FAMILY_ICMP,
  FAMILY_OTHER,
  FAMILY_TCP,
  FAMILY_UDP,
  TrafficSpikeDetector,
} from "./detectors/traffic_spike.ts";
import type { Finding } from "./finding.ts";
import { MemoryAlertSink } from "./memory_sink.ts";
import { MuteList } from "./mute_list.ts";
import { slotUse, type TableUse } from "./key_slots.ts";
import { F, SourceWindow, STRIDE } from "./source_window.ts";
import {
  L3,
  L4,
  type ObservedPacket,
  type PacketObserver,
  type PayloadHitBatch,
  TcpFlag,
} from "../stats/packet_observer.ts";

const DNS_PORT = 53;
const ECHO_REQUEST_V4 = 8;
const ECHO_REQUEST_V6 = 128;
const MS_PER_SEC = 1000;

export interface MonitorOptions {
  clock: "packet" | "wall";
  alerts: AlertOptions;
  /** Where alerts go besides the monitor's own in-memory list (a store, notifiers). */
  sinks?: AlertSink[];
  mutes?: MuteList;
  /** The first alert id (a store continues its numbering). */
  firstId?: number;
  /**
   * The busiest senders' cumulative counters, from the statistics engine (read once per host
   * window, for the anomaly features); without it the detectors' own counts stand in.
   */
  traffic?: () => readonly HostTraffic[];
}

export class AlertMonitor implements PacketObserver {
  readonly engine: AlertEngine;
  readonly mutes: MuteList;
  /** Every alert of the run, newest kept (what `/stats` and reports show). */
  readonly memory = new MemoryAlertSink();
  readonly anomaly: AnomalyDetector | null;
  readonly #o: AlertOptions;
  readonly #packetClock: boolean;
  readonly #report = (f: Finding) => this.engine.submit(f);
  readonly #spike: TrafficSpikeDetector;
  readonly #portScan: PortScanDetector;
  readonly #synFlood: SynFloodDetector;
  readonly #pingSweep: PingSweepDetector;
  readonly #dns: DnsTunnelDetector;
  readonly #health: CaptureHealthDetector;
  readonly #newActivity: NewActivityDetector;
  readonly #blocklist: BlocklistDetector | null;
  readonly #payload: PayloadDetector;
  readonly #sources = new SourceWindow();
  readonly #hostWindow: DetectionWindow;
  readonly #hostRows = new HostRows();
  readonly #traffic: (() => readonly HostTraffic[]) | undefined;
  #nextTickMs = -Infinity;
  #nowMs = 0;

  constructor(options: MonitorOptions) {
    const o = options.alerts;
    this.#o = o;
    this.#packetClock = options.clock === "packet";
    this.mutes = options.mutes ?? new MuteList();
    this.engine = new AlertEngine(
      o.engine,
      [this.memory, ...(options.sinks ?? [])],
      this.mutes,
      options.firstId,
    );
    this.#spike = new TrafficSpikeDetector(o.spike);
    this.#portScan = new PortScanDetector(o.portScan);
    this.#synFlood = new SynFloodDetector(o.synFlood);
    this.#pingSweep = new PingSweepDetector(o.pingSweep);
    this.#dns = new DnsTunnelDetector(o.dnsTunnel);
    this.#health = new CaptureHealthDetector(o.health);
    this.#newActivity = new NewActivityDetector(o.newActivity, o.localNets);
    this.#blocklist = o.blocklist.length > 0 ? new BlocklistDetector(o.blocklist) : null;
    this.#payload = new PayloadDetector(o.payload);
    this.#hostWindow = new DetectionWindow(o.hostWindow.windowMs);
    this.#traffic = options.traffic;
    this.anomaly = o.anomaly.enabled ? new AnomalyDetector(o.anomaly) : null;
  }

  /** Count one packet (the main thread's ingest). Keeps nothing of `p`. */
  observe(p: ObservedPacket): void {
    if (this.#packetClock && p.tsSec * MS_PER_SEC >= this.#nextTickMs) {
      this.tick(p.tsSec * MS_PER_SEC + p.tsNsec / 1e6);
    }
    this.#count(p);
  }

  /**
   * Count one collected flow record, given as one packet header (`recordHeader`), in the windows
   * open now. Its own time never moves the clock: a file's packet clock belongs to the file, and
   * an exporter's clock is not the run's (the statistics engine counts records the same way).
   */
  observeRecord(p: ObservedPacket): void {
    this.#count(p);
  }

  #count(p: ObservedPacket): void {
    const l4 = p.l4;
    const family = l4 === L4.tcp
      ? FAMILY_TCP
      : l4 === L4.udp
      ? FAMILY_UDP
      : l4 === L4.icmp || l4 === L4.icmpv6
      ? FAMILY_ICMP
      : FAMILY_OTHER;
    this.#spike.count(family, p.wireLen);
    if ((p.l3 !== L3.ipv4 && p.l3 !== L3.ipv6) || p.addrLen === 0) return;
    const len = p.addrLen;
    const src = p.src;
    const dst = p.dst;
    const srcKey = addressKey(src, len);
    const dstKey = addressKey(dst, len);
    const w = this.#sources;
    w.totalPackets++;
    if (this.#blocklist !== null) this.#blocklist.packet(srcKey, dstKey, src, dst, len);
    // Segments of established connections (ACK set) are most of the traffic: they touch no
    // per-source table (what hosts send is read from the statistics engine instead).
    if (l4 === L4.tcp && (p.tcpFlags & TcpFlag.ack) !== 0) {
      const flags = p.tcpFlags;
      if ((flags & TcpFlag.syn) !== 0) {
        if (this.#portScan.answer(srcKey, dstKey, p.srcPort, PROTO_TCP) === FIRST_ANSWER) {
          this.#newActivity.service(srcKey, src, len, p.srcPort, PROTO_TCP, this.#nowMs);
        }
      } else if ((flags & TcpFlag.rst) === 0 && p.payloadLength === 0) {
        // A handshake ends with a bare ACK; segments carrying data need no look.
        this.#synFlood.ack(srcKey, dstKey, p.srcPort, p.dstPort);
      }
      return;
    }
    const s = w.source(srcKey, src, len);
    if (s >= 0) {
      w.counts[s * STRIDE + F.packets]!++;
      w.counts[s * STRIDE + F.bytes]! += p.wireLen;
    }
    if (l4 === L4.tcp) {
      const flags = p.tcpFlags;
      if (flags < 0) return;
      if (s >= 0) w.counts[s * STRIDE + F.tcp]!++;
      if ((flags & TcpFlag.rst) === 0) {
        const syn = (flags & TcpFlag.syn) !== 0;
        if (s >= 0) w.counts[s * STRIDE + F.unsolicited]!++;
        if (syn) {
          if (s >= 0) w.counts[s * STRIDE + F.syns]!++;
          this.#synFlood.syn(srcKey, dstKey, src, dst, len, p.srcPort, p.dstPort);
        }
        this.#probe(s, srcKey, dstKey, src, dst, len, p.dstPort, PROTO_TCP, !syn);
      }
    } else if (l4 === L4.udp) {
      if (p.srcPort < 0) return;
      if (s >= 0) w.counts[s * STRIDE + F.udp]!++;
      if (p.dstPort === DNS_PORT && p.payloadLength > 0) {
        if (s >= 0) w.counts[s * STRIDE + F.dnsQueries]!++;
        this.#dns.query(srcKey, src, len, p.payloadLength);
      }
      // Multicast and broadcast datagrams reach many hosts by design: never a probe.
      if (len === 4 ? dst[0]! >= 224 : dst[0] === 0xff) return;
      const answer = this.#portScan.answer(srcKey, dstKey, p.srcPort, PROTO_UDP);
      if (answer === FIRST_ANSWER) {
        this.#newActivity.service(srcKey, src, len, p.srcPort, PROTO_UDP, this.#nowMs);
      }
      if (answer !== NOT_AN_ANSWER) return;
      if (s >= 0) w.counts[s * STRIDE + F.unsolicited]!++;
      this.#probe(s, srcKey, dstKey, src, dst, len, p.dstPort, PROTO_UDP, false);
    } else if (l4 === L4.icmp || l4 === L4.icmpv6) {
      if (s >= 0) w.counts[s * STRIDE + F.icmp]!++;
      if (s >= 0) w.counts[s * STRIDE + F.unsolicited]!++;
      const echo = l4 === L4.icmp ? ECHO_REQUEST_V4 : ECHO_REQUEST_V6;
      if (p.icmpType === echo) {
        if (s >= 0) w.counts[s * STRIDE + F.echoRequests]!++;
        this.#pingSweep.echo(srcKey, dstKey, src, dst, len);
      }
    }
  }

  #probe(
    s: number,
    srcKey: number,
    dstKey: number,
    src: Uint8Array,
    dst: Uint8Array,
    len: number,
    port: number,
    proto: number,
    stealth: boolean,
  ): void {
    if (port < 0) return;
    if (!this.#portScan.probe(srcKey, dstKey, src, dst, len, port, proto, stealth)) return;
    if (s >= 0) this.#sources.counts[s * STRIDE + F.newTargets]!++;
    this.#newActivity.talker(srcKey, src, dst, len, this.#nowMs);
  }

  /** DNS question names of queries and their counts (the capture's name batches). */
  names(names: readonly string[], counts: readonly number[]): void {
    this.#dns.names(names, counts);
  }

  /** What the capture worker's opt-in payload scan found (rules, entropy), a batch at a time. */
  payload(batch: PayloadHitBatch): void {
    this.#payload.hits(batch);
  }

  /**
   * Close whatever windows have run their length at `nowMs` (epoch ms). The packet clock calls
   * it itself; live, the caller does, once a second.
   */
  tick(nowMs: number): void {
    if (nowMs < this.#nowMs) nowMs = this.#nowMs;
    this.#nowMs = nowMs;
    this.#nextTickMs = (Math.floor(nowMs / MS_PER_SEC) + 1) * MS_PER_SEC;
    this.#evaluate(nowMs, false);
  }

  /** The capture's cumulative drop counters (live, once a second). */
  drops(d: DropCounters, nowMs: number): void {
    this.#health.drops(d, nowMs, this.#report);
  }

  /** The capture ended: judge every open window (a file's last incident) and flush. */
  finish(reason: string, message: string | null, nowMs = this.#nowMs): void {
    this.#evaluate(nowMs, true);
    this.#health.stopped(reason, message, nowMs, this.#report);
    this.engine.flush(nowMs);
  }

  /** How full every capped table is (each is cleared when its window closes). */
  tableUse(): Record<string, TableUse> {
    const out: Record<string, TableUse> = { sources: slotUse(this.#sources.slots) };
    for (const d of [this.#portScan, this.#synFlood, this.#pingSweep]) {
      for (const [name, slots] of Object.entries(d.tables())) out[name] = slotUse(slots);
    }
    const payloadTallies = {
      size: this.#payload.size,
      capacity: MAX_PAYLOAD_TALLIES,
      refused: this.#payload.refused,
    };
    return { ...out, ...this.#dns.tableUse(), payloadTallies };
  }

  /** The alerts of the run, oldest first. */
  list(): Alert[] {
    return this.memory.list();
  }

  /** Alerts by severity. */
  counts(): Record<Severity, number> {
    const out: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
    for (const a of this.memory.list()) out[a.severity]++;
    return out;
  }

  #evaluate(nowMs: number, final: boolean): void {
    const report = this.#report;
    this.#spike.evaluate(nowMs, report);
    this.#portScan.evaluate(nowMs, report, final);
    this.#synFlood.evaluate(nowMs, report, final);
    this.#pingSweep.evaluate(nowMs, report, final);
    this.#dns.evaluate(nowMs, report, final);
    this.#blocklist?.evaluate(nowMs, report);
    this.#payload.evaluate(nowMs, report, final);
    this.#newActivity.evaluate(nowMs, report);
    const closing = this.#hostWindow.due(nowMs) || final;
    const w = this.#sources;
    const seconds = this.#hostWindow.seconds(nowMs);
    judgeSourceFloods(this.#o.sourceFlood, w, seconds, nowMs, report, closing);
    judgeIcmpFloods(this.#o.icmpFlood, w, seconds, nowMs, report, closing);
    if (closing) {
      if (this.anomaly) {
        const rows = this.#hostRows.build(w, seconds, this.#o.anomaly.maxHosts, this.#traffic?.());
        this.anomaly.window(rows, nowMs, report);
      }
      w.clear();
      this.#hostWindow.restart(nowMs);
    }
  }
}
