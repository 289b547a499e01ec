/** @jsxImportSource npm:preact@10 */
/**
 * The selected packet's decoded layers, outermost first. Its addresses get their names and
 * places from the latest stats or stream flow page, when either knows them (the busiest hosts
 * and flows); others are shown bare.
 */

import type { PacketRecord } from "../../stats/recent_packets.ts";
import { packetLayers } from "../lib/packet_layers.ts";
import { type AddressBook, findAddress } from "../lib/page_stats.ts";
import { AddressNote } from "./address_note.tsx";
import { PayloadView } from "./payload_view.tsx";

/** Layer fields whose value is an address. */
const ADDRESS_FIELDS = new Set(["Source", "Destination"]);

export interface PacketDetailProps {
  packet: PacketRecord | null;
  onClose: () => void;
  /** `stats.addresses`, then the stream's flow page's `addresses`. */
  addresses?: AddressBook | undefined;
  flowAddresses?: AddressBook | undefined;
  /** `--payload N`'s N (`stats.meta.payloadBytes`): the kept bytes are shown below the layers. */
  payloadBytes?: number | undefined;
}

export function PacketDetail(props: PacketDetailProps) {
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
                <dd>
                  {v}
                  {ADDRESS_FIELDS.has(k) && (
                    <AddressNote info={findAddress(v, props.addresses, props.flowAddresses)} />
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
      {(props.payloadBytes ?? 0) > 0 && (
        <PayloadView seq={p.seq} bytesPerPacket={props.payloadBytes!} />
      )}
    </aside>
  );
}
