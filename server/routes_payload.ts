/**
 * GET /api/packets/payload?seq=N: the first payload bytes of recent packet N, for the packet
 * detail, only when wirescope was started with `--payload N`. Nothing else serves these bytes:
 * not /api/packets, its exports, /stats or the event stream.
 */
import type { PacketPayload } from "../stats/recent_payloads.ts";
import { HttpError } from "./http_error.ts";
import { jsonResponse } from "./json_response.ts";
import { QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";

/** The kept payloads: `StatsEngine.packetPayload` and the bytes it keeps per packet. */
export interface PayloadSource {
  /** `--payload N`'s N; 0 when payloads are not kept. */
  bytesPerPacket: number;
  payload(seq: number): PacketPayload | null;
}

export function payloadRoute(source: PayloadSource) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, ["seq"]);
    if (source.bytesPerPacket === 0) {
      throw new HttpError(
        404,
        "Payloads are not kept: start wirescope with --payload N to see the first N bytes",
      );
    }
    const seq = q.integer("seq", 1, Number.MAX_SAFE_INTEGER);
    if (seq === undefined) {
      throw new HttpError(400, "Missing seq: the packet's number", { parameter: "seq" });
    }
    const payload = source.payload(seq);
    if (payload === null) {
      throw new HttpError(404, `Packet ${seq} is no longer among the recent packets`);
    }
    return jsonResponse({ ...payload, bytesPerPacket: source.bytesPerPacket }, { pretty });
  };
}
