/**
 * Top ports / services: frames and bytes per TCP and UDP service port, counted exactly in flat
 * arrays (2 protocols x 65,536 ports, 2 MiB), so no bound or eviction is needed.
 *
 * Each frame counts once, under its conversation's service port (`servicePort()`: the known
 * service, else the lower port), so a DNS query and its answer both count under udp/53, not
 * also under the client's ephemeral port.
 */

import { portServiceName, servicePort } from "./services.ts";

const PORTS = 65536;
const TCP = 6;
const UDP = 17;

/** One ranked port. */
export interface PortRow {
  protocol: "tcp" | "udp";
  port: number;
  /** Service name ("https", "dns"...) or null when the port is not in the table. */
  service: string | null;
  packets: number;
  bytes: number;
}

export class PortTable {
  readonly #tcp = new Float64Array(PORTS * 2);
  readonly #udp = new Float64Array(PORTS * 2);

  /** Count one TCP (6) or UDP (17) frame with both ports known. */
  add(proto: number, srcPort: number, dstPort: number, bytes: number): void {
    const c = proto === TCP ? this.#tcp : proto === UDP ? this.#udp : null;
    if (c === null) return;
    const i = (servicePort(proto, srcPort, dstPort) & 0xffff) * 2;
    c[i] = c[i]! + 1;
    c[i + 1] = c[i + 1]! + bytes;
  }

  /** Count `packets` frames of `bytes` bytes in all, as a flow record reports them. */
  addMany(proto: number, srcPort: number, dstPort: number, packets: number, bytes: number): void {
    const c = proto === TCP ? this.#tcp : proto === UDP ? this.#udp : null;
    if (c === null) return;
    const i = (servicePort(proto, srcPort, dstPort) & 0xffff) * 2;
    c[i] = c[i]! + packets;
    c[i + 1] = c[i + 1]! + bytes;
  }

  /** The `limit` busiest ports by frames, then bytes, then tcp before udp, then port number. */
  top(limit: number): PortRow[] {
    const rows: PortRow[] = [];
    for (
      const [protocol, c, proto] of [["tcp", this.#tcp, TCP], ["udp", this.#udp, UDP]] as const
    ) {
      for (let port = 0; port < PORTS; port++) {
        const packets = c[port * 2]!;
        if (packets === 0) continue;
        const bytes = c[port * 2 + 1]!;
        rows.push({ protocol, port, service: portServiceName(proto, port), packets, bytes });
      }
    }
    rows.sort((a, b) =>
      b.packets - a.packets || b.bytes - a.bytes ||
      (a.protocol === b.protocol ? a.port - b.port : a.protocol === "tcp" ? -1 : 1)
    );
    return rows.slice(0, Math.max(0, limit));
  }
}
