/**
 * Several captures run as one: a `CaptureSession` per source (each its own worker, pcap handle
 * and ring), seen by the rest of the program as one capture whose drops and name readings add
 * up and which ends once every member has ended. One source is a group of one, so a run on one
 * interface or a file goes through the same code with nothing added per packet.
 *
 * Every member is open before `start()` resolves: a privilege drop after it finds no handle
 * still to open.
 */
import {
  type CaptureOptions,
  CaptureSession,
  type DropCounters,
  type NameReading,
} from "./capture_session.ts";
import type { CaptureSource, EndMessage, OpenedMessage } from "./worker_protocol.ts";

/** One source of the group and its running session. */
export interface CaptureMember {
  /** The interface name, or the file path. */
  name: string;
  session: CaptureSession;
}

export class CaptureGroup {
  readonly members: readonly CaptureMember[];
  /** Resolves once every member has ended and handed over every packet it read. */
  readonly done: Promise<EndMessage>;
  #countReached = false;

  private constructor(members: CaptureMember[]) {
    this.members = members;
    this.done = Promise.all(members.map((m) => m.session.done)).then((ends) => this.#combine(ends));
  }

  /**
   * Start one session per source, with the options `optionsFor` gives each. If any cannot be
   * opened, the others are stopped and the first failure (a `CaptureError`, which names its
   * device) is thrown.
   */
  static async start(
    sources: readonly CaptureSource[],
    optionsFor: (source: CaptureSource, index: number) => CaptureOptions,
  ): Promise<CaptureGroup> {
    if (sources.length === 0) throw new RangeError("Cannot start a capture group: no source");
    const started = await Promise.allSettled(
      sources.map((source, i) => CaptureSession.start(optionsFor(source, i))),
    );
    const failed = started.findIndex((s) => s.status === "rejected");
    if (failed >= 0) {
      await Promise.all(
        started.map((s) => s.status === "fulfilled" ? s.value.stop() : undefined),
      );
      throw (started[failed] as PromiseRejectedResult).reason;
    }
    return new CaptureGroup(started.map((s, i) => ({
      name: nameOf(sources[i]!),
      session: (s as PromiseFulfilledResult<CaptureSession>).value,
    })));
  }

  /** The first member's link type, snaplen and reader: what a one-source run reports. */
  get info(): OpenedMessage {
    return this.members[0]!.session.info;
  }

  /** Drops of every member added up (each member's own: `members[i].session.drops()`). */
  drops(): DropCounters {
    const sum: DropCounters = { kernel: 0, ifdrop: 0, backlog: 0, received: 0 };
    for (const { session } of this.members) {
      const d = session.drops();
      sum.kernel += d.kernel;
      sum.ifdrop += d.ifdrop;
      sum.backlog += d.backlog;
      sum.received += d.received;
    }
    return sum;
  }

  nameReading(): NameReading {
    const sum: NameReading = { faults: 0, eventsDropped: 0 };
    for (const { session } of this.members) {
      const r = session.nameReading();
      sum.faults += r.faults;
      sum.eventsDropped += r.eventsDropped;
    }
    return sum;
  }

  /** Let every held member start reading (see `CaptureOptions.held`). */
  release(): void {
    for (const { session } of this.members) session.release();
  }

  /** Stop every member; resolves once all have handed over what they read. */
  async stop(): Promise<EndMessage> {
    await Promise.all(this.members.map((m) => m.session.stop()));
    return this.done;
  }

  /**
   * Stop because `-c` was reached across the members (each worker counts only its own
   * packets): the group's end then says "count", as one worker's would.
   */
  stopForCount(): Promise<EndMessage> {
    this.#countReached = true;
    return this.stop();
  }

  terminate(): void {
    for (const { session } of this.members) session.terminate();
  }

  /** One end for all: the first error (naming its member when there are several), else how
   * the first member ended (or "count" when the group stopped for `-c`). */
  #combine(ends: EndMessage[]): EndMessage {
    const packetsRead = ends.some((e) => e.packetsRead < 0)
      ? -1
      : ends.reduce((sum, e) => sum + e.packetsRead, 0);
    const errorAt = ends.findIndex((e) => e.reason === "error");
    if (errorAt >= 0) {
      const error = ends[errorAt]!;
      const message = this.members.length > 1
        ? `${this.members[errorAt]!.name}: ${error.message ?? "capture failed"}`
        : error.message;
      return { type: "end", reason: "error", packetsRead, ...(message ? { message } : {}) };
    }
    const reason = this.#countReached ? "count" : ends[0]!.reason;
    return { type: "end", reason, packetsRead };
  }
}

function nameOf(source: CaptureSource): string {
  return source.kind === "live" ? source.device : source.path;
}
