/**
 * The anomaly model's rows of one host window. What each host sent (packets, bytes) comes from
 * the statistics engine's host table when the run provides it (what each host sent since the
 * previous window, the busiest first), so the detectors need not count every packet of every
 * established connection; the rest of each row comes from the window's `SourceWindow` counts.
 * Without the engine (tests), the window's own counts stand in for what was sent.
 */
import { parseAddress } from "../../net/ip_format.ts";
import { addressKey } from "../address_slots.ts";
import { F, type SourceWindow, STRIDE } from "../source_window.ts";
import { FEATURES, hostFeatures } from "./host_features.ts";

/** What a host sent in one window, as the engine's host table reports it. */
export interface HostTraffic {
  ip: string;
  packets: number;
  bytes: number;
}

export interface HostRow {
  host: string;
  /** Packets sent in the window. */
  packets: number;
  features: Float64Array;
}

export class HostRows {
  build(
    w: SourceWindow,
    seconds: number,
    maxHosts: number,
    traffic: readonly HostTraffic[] | undefined,
  ): HostRow[] {
    const rows: HostRow[] = [];
    if (traffic === undefined) {
      // The busiest sources only: features and address text for thousands would cost the
      // tick milliseconds for rows that are dropped anyway.
      const busiest: number[] = [];
      for (let s = 0; s < w.slots.size; s++) busiest.push(s);
      busiest.sort((a, b) => w.get(b, F.packets) - w.get(a, F.packets));
      for (const s of busiest.slice(0, maxHosts)) {
        const features = new Float64Array(FEATURES);
        hostFeatures(
          w,
          s,
          seconds,
          w.counts[s * STRIDE + F.packets]!,
          w.counts[s * STRIDE + F.bytes]!,
          features,
        );
        rows.push({
          host: w.slots.addressText(s, 0),
          packets: w.counts[s * STRIDE + F.packets]!,
          features,
        });
      }
    } else {
      for (const t of traffic.slice(0, maxHosts)) {
        const parsed = parseAddress(t.ip);
        const s = parsed === null ? -1 : w.slots.get(addressKey(parsed.bytes, parsed.len));
        const features = new Float64Array(FEATURES);
        hostFeatures(w, s, seconds, t.packets, t.bytes, features);
        rows.push({ host: t.ip, packets: t.packets, features });
      }
    }
    rows.sort((a, b) => b.packets - a.packets);
    return rows.slice(0, maxHosts);
  }
}
