/** @jsxImportSource npm:preact@10 */
/** The selected packet's decoded layers, outermost first. */

import type { PacketRecord } from "../../stats/recent_packets.ts";
import { packetLayers } from "../lib/packet_layers.ts";

export function PacketDetail(props: { packet: PacketRecord | null; onClose: () => void }) {
  const p = props.packet;
  if (!p) {
    return (
      <aside class="detail detail-empty" aria-label="Packet detail">
        <p class="hint">Select a packet to see its layers.</p>
      </aside>
    );
  }
  return (
    <aside class="detail" aria-label={`Packet ${p.seq}`} data-testid="packet-detail">
      <header>
        <h3>Packet {p.seq}</h3>
        <button type="button" onClick={props.onClose} aria-label="Close packet detail">×</button>
      </header>
      {packetLayers(p).map((layer) => (
        <details open key={layer.name}>
          <summary>{layer.name}</summary>
          <dl>
            {layer.fields.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
    </aside>
  );
}
