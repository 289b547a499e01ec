/** @jsxImportSource npm:preact@10 */
/**
 * The kept first bytes of one packet's payload (`--payload N` only): hex and safe text side by
 * side (8 bytes a row, the column being narrow; `tcpdump -X` shows 16), and the bytes' Shannon entropy (near 8 bits
 * per byte: encrypted or compressed; 4-5: text). Asked of the server when the packet is opened.
 */

import { useEffect, useState } from "../deps.ts";
import { shannonEntropy } from "../../format/entropy.ts";
import { bytesFromHex, hexDumpRows } from "../../format/hex_dump.ts";
import type { PacketPayload } from "../../stats/recent_payloads.ts";
import { fetchJson } from "../lib/fetch_json.ts";

/** The packet detail is a narrow column: 8 bytes a row keep hex and text side by side. */
const ROW_BYTES = 8;

interface Loaded {
  seq: number;
  bytes?: Uint8Array;
  captured?: number;
  error?: string;
}

export function PayloadView({ seq, bytesPerPacket }: { seq: number; bytesPerPacket: number }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<PacketPayload>(`/api/packets/payload?seq=${seq}`, controller.signal).then(
      (p) => setLoaded({ seq, bytes: bytesFromHex(p.hex), captured: p.captured }),
      (e) => {
        if (!controller.signal.aborted) setLoaded({ seq, error: String(e?.message ?? e) });
      },
    );
    return () => controller.abort();
  }, [seq]);
  const current = loaded?.seq === seq ? loaded : null;
  return (
    <details open class="payload" data-testid="payload-view">
      <summary>Payload</summary>
      {current === null
        ? <p class="hint">Loading the kept bytes…</p>
        : current.error !== undefined
        ? <p class="hint">{current.error}</p>
        : (
          <PayloadBytes
            bytes={current.bytes!}
            captured={current.captured!}
            kept={bytesPerPacket}
          />
        )}
    </details>
  );
}

function PayloadBytes(
  { bytes, captured, kept }: { bytes: Uint8Array; captured: number; kept: number },
) {
  if (bytes.length === 0) return <p class="hint">No payload in this packet.</p>;
  const entropy = shannonEntropy(bytes);
  return (
    <>
      <p class="payload-note" data-testid="payload-entropy">
        First {bytes.length} of {captured} bytes (--payload {kept}) · entropy {entropy.toFixed(2)}
        {" "}
        bits/byte
      </p>
      <div class="hexdump-scroll">
        <table class="hexdump" aria-label="Payload bytes as hex and text">
          <thead>
            <tr>
              <th scope="col">Offset</th>
              <th scope="col">Hex</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {hexDumpRows(bytes, ROW_BYTES).map((row) => (
              <tr key={row.offset}>
                <td>{row.offset}</td>
                <td class="hex">{row.hex}</td>
                <td class="text">{row.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
