/**
 * Two capture links for the several-interfaces tests: two veth pairs into namespaces of their
 * own (tests/support/netns.ts), each carrying a known number of UDP datagrams of one size.
 *
 * The first pair carries this process's /30; the second has no address on our side, and its
 * datagrams are sent from inside its namespace to a neighbour pinned in the namespace's ARP
 * table, so every datagram is exactly one frame and no ARP goes out.
 */
import dgram from "node:dgram";
import { PEER_ADDRESS, ROOT_ADDRESS, TestNetwork } from "./netns.ts";

const PAYLOAD = "wirescope-two-ifs!";
/** Ethernet 14 + IPv4 20 + UDP 8 + the 18-byte payload. */
export const LINK_FRAME_BYTES = 14 + 20 + 8 + PAYLOAD.length;
/** The second pair's addresses exist only inside its namespace, so they collide with nothing. */
export const SECOND_SOURCE = "198.19.255.250";
const SECOND_TARGET = "198.19.255.249";
const DISCARD_PORT = 9;
/** Only the links' datagrams: the veths' own IPv6 chatter and ICMP errors stay out. */
export const LINKS_FILTER = "udp and net 198.18.0.0/15";
export { ROOT_ADDRESS as FIRST_SOURCE };

export class TwoLinks {
  private constructor(readonly first: TestNetwork, readonly second: TestNetwork) {}

  static async create(): Promise<TwoLinks> {
    const first = await TestNetwork.create();
    const second = await TestNetwork.create({ addresses: false });
    await second.exec("ip", "addr", "add", `${SECOND_SOURCE}/30`, "dev", second.peerInterface);
    await second.exec(
      "ip",
      "neigh",
      "replace",
      SECOND_TARGET,
      "lladdr",
      "02:00:00:00:00:01",
      "dev",
      second.peerInterface,
      "nud",
      "permanent",
    );
    return new TwoLinks(first, second);
  }

  /** The interfaces to capture on, as `-i` takes them. */
  get interfaces(): [string, string] {
    return [this.first.rootInterface, this.second.rootInterface];
  }

  /** `count` datagrams out of the first link, from this namespace. */
  async sendOnFirst(count: number): Promise<void> {
    const socket = dgram.createSocket("udp4");
    for (let i = 0; i < count; i++) {
      await new Promise<void>((resolve, reject) =>
        socket.send(PAYLOAD, DISCARD_PORT, PEER_ADDRESS, (e) => e ? reject(e) : resolve())
      );
    }
    socket.close();
  }

  /** `count` datagrams into the second link, from inside its namespace. */
  async sendOnSecond(count: number): Promise<void> {
    const script = "import socket\n" +
      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n" +
      `for _ in range(${count}): s.sendto(b"${PAYLOAD}", ("${SECOND_TARGET}", ${DISCARD_PORT}))\n`;
    await this.second.exec("python3", "-c", script);
  }

  async close(): Promise<void> {
    await this.first.close();
    await this.second.close();
  }
}
