/** @jsxImportSource npm:preact@10 */
/**
 * The page-wide message when something needs saying: still connecting, the server is gone, the
 * capture failed, or nothing has arrived yet. Each says what to do next.
 */

import type { ViewState } from "../lib/dashboard_store.ts";

export function StatusBanner({ view }: { view: ViewState }) {
  const message = describe(view);
  if (!message) return null;
  return (
    <div
      class={`banner banner-${message.tone}`}
      role={message.tone === "alert" ? "alert" : "status"}
      data-testid="banner"
    >
      <p>{message.text}</p>
      {message.hint && <p class="hint">{message.hint}</p>}
    </div>
  );
}

interface Message {
  tone: "info" | "alert" | "wait";
  text: string;
  hint?: string;
}

function describe(view: ViewState): Message | null {
  const live = view.live;
  const host = location.host;
  if (view.stream.state === "retrying") {
    return {
      tone: "alert",
      text: live
        ? `Lost the connection to wirescope at ${host}; the numbers below are from before.`
        : `Cannot reach wirescope at ${host}.`,
      hint: "Reconnecting by itself. If the server was stopped, start it again (for example " +
        "\`sudo wirescope -i eth0\`); this page picks it up.",
    };
  }
  if (!live) return { tone: "wait", text: `Connecting to wirescope at ${host}…` };
  const stats = live.stats;
  const capture = stats.capture;
  if (capture.state === "ended" && capture.endReason === "error") {
    return {
      tone: "alert",
      text: `The capture stopped: ${capture.message ?? "unknown error"}.`,
      hint: "The numbers below are what was counted before it stopped.",
    };
  }
  if (stats.packets === 0) {
    const where = stats.meta.source || "the capture source";
    const matching = stats.meta.filter ? ` matching '${stats.meta.filter}'` : "";
    if (capture.state === "ended") {
      return {
        tone: "info",
        text: `${where} holds no packets${matching}.`,
        hint: "Try another file or a wider filter.",
      };
    }
    return {
      tone: "info",
      text: `No traffic on ${where}${matching} yet.`,
      hint: "Packets show up here within a second. If nothing comes, check that the interface " +
        "carries traffic (`wirescope -D` lists them) or widen the filter.",
    };
  }
  return null;
}
