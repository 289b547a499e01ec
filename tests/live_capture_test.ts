/**
 * Live capture end to end: a veth pair into a namespace of our own, a known number of ICMP, TCP
 * and UDP packets, and a BPF filter so that nothing else on the machine can be counted.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { CaptureSession } from "../capture/capture_session.ts";
import { L4, TcpFlag } from "../capture/decode/packet.ts";
import { liveUnavailableReason, PEER_ADDRESS, TestNetwork } from "./support/netns.ts";

const unavailable = liveUnavailableReason();
if (unavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) throw new Error(`Live capture tests cannot run in CI: ${unavailable}`);
  console.log(`skipping live capture tests: ${unavailable}`);
}

const UDP_DATAGRAMS = 50;
const TCP_ATTEMPTS = 20;
const PINGS = 5;
/** Port 9 (discard) is closed in the namespace: UDP gets an ICMP error, TCP gets a RST. */
const CLOSED_PORT = 9;

interface Tally {
  packets: number;
  tcp: number;
  udp: number;
  icmp: number;
  syn: number;
  rst: number;
  other: number;
}

async function captureWhile(device: string, send: () => Promise<void>, expected: number) {
  const tally: Tally = { packets: 0, tcp: 0, udp: 0, icmp: 0, syn: 0, rst: 0, other: 0 };
  const session = await CaptureSession.start({
    source: { kind: "live", device, snaplen: 262144, promiscuous: false, bufferBytes: 4 << 20 },
    filter: `ip host ${PEER_ADDRESS}`,
    onPacket(p) {
      tally.packets++;
      if (p.l4 === L4.tcp) {
        tally.tcp++;
        if ((p.tcpFlags & (TcpFlag.syn | TcpFlag.ack)) === TcpFlag.syn) tally.syn++;
        if (p.tcpFlags & TcpFlag.rst) tally.rst++;
      } else if (p.l4 === L4.udp) tally.udp++;
      else if (p.l4 === L4.icmp) tally.icmp++;
      else tally.other++;
    },
  });
  await send();
  // Replies may still be in flight; wait (bounded) until the expected number has arrived.
  for (let waited = 0; tally.packets < expected && waited < 5000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Anything extra would show up now: wait until the kernel's own count of packets that passed
  // the filter (pcap_stats, refreshed by the worker once a second) covers what was counted, so
  // a packet the kernel saw but the capture had not yet handed over cannot be missed.
  for (let waited = 0; session.drops().received < tally.packets && waited < 5000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Counted while the capture still runs: a quiet link must not hold packets back until stop.
  const beforeStop = { ...tally };
  const end = await session.stop();
  return { tally, beforeStop, end, drops: session.drops(), info: session.info };
}

async function sendKnownTraffic(): Promise<void> {
  const socket = dgram.createSocket("udp4");
  for (let i = 0; i < UDP_DATAGRAMS; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(`datagram ${i}`, CLOSED_PORT, PEER_ADDRESS, (e) => e ? reject(e) : resolve())
    );
  }
  socket.close();
  for (let i = 0; i < TCP_ATTEMPTS; i++) {
    await assert.rejects(Deno.connect({ hostname: PEER_ADDRESS, port: CLOSED_PORT }));
  }
  await new Deno.Command("ping", {
    args: ["-n", "-q", "-c", String(PINGS), "-i", "0.05", "-W", "2", PEER_ADDRESS],
    stdout: "null",
  }).output();
}

const EXPECTED_TOTAL = UDP_DATAGRAMS * 2 + TCP_ATTEMPTS * 2 + PINGS * 2;

function assertExactTally(tally: Tally): void {
  assert.deepEqual(tally, {
    packets: EXPECTED_TOTAL,
    udp: UDP_DATAGRAMS,
    // one port-unreachable error per datagram, plus echo requests and replies
    icmp: UDP_DATAGRAMS + PINGS * 2,
    tcp: TCP_ATTEMPTS * 2,
    syn: TCP_ATTEMPTS,
    rst: TCP_ATTEMPTS,
    other: 0,
  });
}

/**
 * Capture the known traffic on the device `deviceOf(net)` names, in a network of our own, and
 * assert what every live capture must: exact counts, all delivered before the stop.
 */
async function captureKnownTraffic(deviceOf: (net: TestNetwork) => string) {
  const net = await TestNetwork.create();
  try {
    const result = await captureWhile(deviceOf(net), sendKnownTraffic, EXPECTED_TOTAL);
    assertExactTally(result.tally);
    assert.deepEqual(result.beforeStop, result.tally, "every packet was delivered before the stop");
    assert.equal(result.end.reason, "stopped");
    return result;
  } finally {
    await net.close();
  }
}

const liveTest = {
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
};

Deno.test({
  name: "live capture on a veth counts exactly the ICMP, TCP and UDP packets sent",
  ...liveTest,
  async fn() {
    const { drops, info } = await captureKnownTraffic((net) => net.rootInterface);
    assert.equal(info.linkTypeName, "EN10MB");
    assert.equal(drops.kernel, 0);
    assert.equal(drops.backlog, 0);
  },
});

Deno.test({
  name: "live capture on the 'any' pseudo-interface sees the same packets",
  ...liveTest,
  async fn() {
    const { info } = await captureKnownTraffic(() => "any");
    assert.match(info.linkTypeName, /^LINUX_SLL2?$/);
  },
});
