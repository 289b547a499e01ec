/**
 * QUIC versions 1 and 2: the SNI of the client's Initial packets, decrypted with keys derived
 * from the client's Destination Connection ID (RFC 9001 section 5.2). Works on any UDP port,
 * like tshark's QUIC heuristic.
 *
 * Fast rejects first: a client's first datagrams are padded to 1200 bytes (RFC 9000 section
 * 14.1) and start with a long header of a known version. Only then are keys derived (and
 * cached per connection ID) and the packet opened.
 *
 * A client keeps its Initial keys when it changes the Destination Connection ID to the one the
 * server chose (RFC 9001 section 5.2: they derive from the first DCID only), so the rest of a
 * ClientHello split over several Initials can arrive under a DCID we have never seen. tshark
 * links the two through the server's Initial; we link them through the UDP flow: an Initial
 * with a new DCID is first tried with the keys of the ClientHello still incomplete on the same
 * addresses and ports, in the same direction.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import type { InspectLimits } from "./limits.ts";
import type { NameEmitter } from "./name_emitter.ts";
import { isLongHeader, LongHeader, parseLongHeader } from "./quic_header.ts";
import { QuicKeys } from "./quic_keys.ts";
import { isGoogleQuic, isKnownVersion } from "./quic_versions.ts";
import { openInitial } from "./quic_protection.ts";
import { readCryptoFrames } from "./quic_frames.ts";
import { CryptoStream } from "./quic_crypto_stream.ts";
import { SniSpan } from "./tls_client_hello.ts";
import { MAX_QUIC_CRYPTO_BYTES } from "./limits.ts";

/** Smallest UDP payload carrying a client Initial (RFC 9000 section 14.1). */
export const MIN_INITIAL_DATAGRAM = 1200;
/** Packets walked in one datagram: Initial, 0-RTT, Handshake, and a margin (section 12.2). */
export const MAX_COALESCED_PACKETS = 4;

interface Connection {
  /**
   * The client's addresses and ports (`flowId()`), to find a ClientHello still incomplete; made
   * only once one is left incomplete by a packet ("" before), as most fit in one Initial.
   */
  flow: string;
  /** Null once `done`: its keys are never needed again. */
  keys: QuicKeys | null;
  /** The CRYPTO stream being assembled; null before the first Initial opens, and after. */
  stream: CryptoStream | null;
  /** True once the ClientHello was read (or given up): later Initials are not opened. */
  done: boolean;
  lastSeen: number;
}

export class QuicInitials {
  readonly #emit: NameEmitter;
  readonly #max: number;
  readonly #idle: number;
  /** By version and DCID; insertion order is age order, so the first key is the oldest. */
  readonly #connections = new Map<string, Connection>();
  /** Connections whose ClientHello is incomplete, by `flow`; never more than `#connections`. */
  readonly #incomplete = new Map<string, Connection>();
  readonly #header = new LongHeader();
  readonly #span = new SniSpan();
  /** Keys derived for a DCID that failed to open, kept to derive the next DCID's into. */
  #spare: QuicKeys | null = null;
  #attempts = 0;

  constructor(limits: InspectLimits, emit: NameEmitter) {
    this.#emit = emit;
    this.#max = limits.maxQuicConnections;
    this.#idle = limits.quicIdleSeconds;
  }

  /** Connections remembered (a test aid). */
  get size(): number {
    return this.#connections.size;
  }

  /** Initial packets an opening was tried on (a test aid: a failed DCID is tried once). */
  get attempts(): number {
    return this.#attempts;
  }

  /**
   * Look at the UDP payload `data[start, end)` of `p`. Returns true when it is QUIC with a
   * known version (so no other decoder should try it), false otherwise.
   */
  datagram(p: DecodedPacket, data: DataView, start: number, end: number, now: number): boolean {
    if (p.payloadLength < MIN_INITIAL_DATAGRAM || end - start < MIN_INITIAL_DATAGRAM) return false;
    if (!isLongHeader(data.getUint8(start))) return false;
    if (!isKnownVersion(data.getUint32(start + 1))) return false;
    const h = this.#header;
    let at = start;
    for (let i = 0; i < MAX_COALESCED_PACKETS && at < end; i++) {
      if (!parseLongHeader(data, at, end, h) || !isKnownVersion(h.version)) break;
      if (h.initial) this.#initial(p, data, at, now);
      at = h.end;
    }
    return true;
  }

  #initial(p: DecodedPacket, data: DataView, start: number, now: number): void {
    const h = this.#header;
    const id = connectionId(h.version, data, h.dcidStart, h.dcidLen);
    let conn = this.#connections.get(id);
    if (conn && now - conn.lastSeen > this.#idle) {
      this.#forget(id, conn);
      conn = undefined;
    }
    if (!conn) conn = this.#newConnection(id, p, data, start, now);
    conn.lastSeen = now;
    if (conn.done || conn.keys === null) return;
    this.#attempts++;
    const plain = openInitial(data, start, h, conn.keys);
    if (plain === null) {
      // Every Initial of a client opens with the keys of its DCID; one that does not is a
      // server's (keyed by the client's DCID, which we do not know here) or not QUIC at all.
      // Either way no later packet with this DCID will open: stop paying for the attempt.
      if (conn.stream === null) this.#finish(conn);
      return;
    }
    conn.stream ??= new CryptoStream(MAX_QUIC_CRYPTO_BYTES, h.version);
    const stream = conn.stream;
    const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
    readCryptoFrames(view, plain.byteLength, stream, isGoogleQuic(h.version));
    const span = this.#span;
    if (stream.readHello(span)) {
      this.#emit.quicSni(stream.view, span.sniStart, span.sniEnd, stream.version, p);
    }
    if (stream.done) {
      // The ClientHello is all we wanted: free its buffer, keep the entry so that a
      // retransmitted Initial is not reported again.
      this.#finish(conn);
    } else if (conn.flow === "") {
      conn.flow = flowId(p);
      this.#incomplete.set(conn.flow, conn);
    }
  }

  /**
   * The connection of the Initial at `start` whose DCID (`id`) is new: the ClientHello still
   * incomplete on its flow when the Initial opens with that one's keys, else a new connection
   * with keys derived from this DCID.
   */
  #newConnection(
    id: string,
    p: DecodedPacket,
    data: DataView,
    start: number,
    now: number,
  ): Connection {
    const h = this.#header;
    // The flow is looked up only while some ClientHello waits for its rest: rarely.
    const incomplete = this.#incomplete.size > 0 ? this.#incomplete.get(flowId(p)) : undefined;
    if (
      incomplete !== undefined && incomplete.keys !== null &&
      now - incomplete.lastSeen <= this.#idle
    ) {
      this.#attempts++;
      if (openInitial(data, start, h, incomplete.keys) !== null) {
        this.#remember(id, incomplete);
        return incomplete;
      }
    }
    const dcid = new Uint8Array(data.buffer, data.byteOffset + h.dcidStart, h.dcidLen);
    let keys = this.#spare;
    if (keys === null) keys = new QuicKeys(h.version, dcid);
    else keys.derive(h.version, dcid);
    this.#spare = null;
    const conn: Connection = { flow: "", keys, stream: null, done: false, lastSeen: now };
    this.#remember(id, conn);
    return conn;
  }

  /** Stop opening `conn`'s Initials; its keys become the spare for the next new DCID. */
  #finish(conn: Connection): void {
    this.#unmark(conn);
    conn.done = true;
    conn.stream = null;
    this.#spare = conn.keys;
    conn.keys = null;
  }

  #remember(id: string, conn: Connection): void {
    const connections = this.#connections;
    if (connections.size >= this.#max) {
      const oldest = connections.entries().next();
      if (!oldest.done) this.#forget(oldest.value[0], oldest.value[1]);
    }
    connections.set(id, conn);
  }

  /** Drop the entry `id` of `conn` (evicted, or idle too long), and its incomplete mark. */
  #forget(id: string, conn: Connection): void {
    this.#connections.delete(id);
    this.#unmark(conn);
  }

  /** Forget that `conn`'s ClientHello is incomplete on its flow. */
  #unmark(conn: Connection): void {
    if (conn.flow !== "" && this.#incomplete.get(conn.flow) === conn) {
      this.#incomplete.delete(conn.flow);
    }
  }
}

/** The map key of a connection: version, then the DCID `data[at, at+len)` as characters. */
function connectionId(version: number, data: DataView, at: number, len: number): string {
  let id = String.fromCharCode(version >>> 16, version & 0xffff);
  for (let i = 0; i < len; i++) id += String.fromCharCode(data.getUint8(at + i));
  return id;
}

/**
 * The client side of `p`'s flow as a map key: ports, then addresses. Made only for a ClientHello
 * left incomplete, and for a new DCID while one is.
 */
function flowId(p: DecodedPacket): string {
  let id = String.fromCharCode(p.srcPort, p.dstPort);
  for (let i = 0; i < p.addrLen; i++) id += String.fromCharCode(p.src[i]!, p.dst[i]!);
  return id;
}
