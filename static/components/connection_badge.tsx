/** @jsxImportSource npm:preact@10 */
/** The live stream's state in words, with a countdown while it waits to reconnect. */

import { useEffect, useState } from "../deps.ts";
import type { StreamStatus } from "../lib/event_stream.ts";
import type { CaptureStatus } from "../../wire/stats_document.ts";
import type { CaptureMeta } from "../../stats/snapshot.ts";
import { formatCount } from "../../format/units.ts";

export interface ConnectionBadgeProps {
  stream: StreamStatus;
  capture: CaptureStatus | null;
  paused: boolean;
  /** What is captured, and how many packets: a finished file is described in its own words. */
  meta?: CaptureMeta | undefined;
  packets?: number | undefined;
}

/** How a live capture ended, in words (CaptureStatus.endReason). */
const END_WORDS: Record<string, string> = {
  eof: "end of input",
  count: "packet count reached",
  stopped: "stopped",
};

/** How often the reconnect countdown redraws. */
const COUNTDOWN_TICK_MS = 500;

export function ConnectionBadge(props: ConnectionBadgeProps) {
  const [now, setNow] = useState(() => performance.now());
  const retrying = props.stream.state === "retrying";
  useEffect(() => {
    if (!retrying) return;
    const timer = setInterval(() => setNow(performance.now()), COUNTDOWN_TICK_MS);
    return () => clearInterval(timer);
  }, [retrying]);

  const { tone, text, detail } = describe(props, now);
  return (
    <div class={`badge badge-${tone}`} data-testid="connection" data-state={props.stream.state}>
      <span class="dot" aria-hidden="true" />
      <span role="status" aria-live="polite">{text}</span>
      {detail && <span class="badge-detail">{detail}</span>}
    </div>
  );
}

function describe(props: ConnectionBadgeProps, now: number) {
  const s = props.stream;
  if (s.state === "connecting") return { tone: "wait", text: "Connecting…", detail: "" };
  if (s.state === "retrying") {
    const seconds = Math.max(0, Math.ceil((s.retryAtMs - now) / 1000));
    return {
      tone: "alert",
      text: "Disconnected",
      detail: seconds > 0 ? `retrying in ${seconds} s` : "retrying…",
    };
  }
  if (props.paused) {
    const goesOn = props.capture?.state === "running";
    return { tone: "wait", text: "Paused", detail: goesOn ? "capture goes on" : "" };
  }
  const capture = props.capture;
  if (capture?.state === "ended") {
    if (capture.endReason === "error") {
      return { tone: "alert", text: "Capture stopped", detail: capture.message ?? "" };
    }
    if (props.meta?.sourceKind === "file") {
      return {
        tone: "done",
        text: `Read ${formatCount(props.packets ?? 0)} packets`,
        detail: `from ${props.meta.source.split("/").pop()}`,
      };
    }
    const reason = capture.endReason ?? "";
    return { tone: "done", text: "Capture complete", detail: END_WORDS[reason] ?? reason };
  }
  return { tone: "live", text: "Live", detail: "" };
}
