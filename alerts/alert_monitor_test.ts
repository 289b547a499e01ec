import assert from "node:assert/strict";
import { AlertMonitor } from "./alert_monitor.ts";
import { resolveAlertOptions } from "./alert_options.ts";
import type { AlertOptionsInput } from "./alert_options.ts";
import { fill, newPacket, type Spec } from "./_test_packet.ts";

const T0 = 1_700_000_000;
const SYN = 0x02;
const SYN_ACK = 0x12;
const ACK = 0x10;

function monitor(input: AlertOptionsInput = {}): AlertMonitor {
  return new AlertMonitor({ clock: "packet", alerts: resolveAlertOptions(input) });
}

function feed(m: AlertMonitor, specs: Spec[]): void {
  const p = newPacket();
  for (const s of specs) m.observe(fill(p, s));
}

Deno.test("a UDP sweep of one port over many hosts raises port_scan.horizontal", () => {
  const m = monitor();
  feed(
    m,
    Array.from({ length: 40 }, (_, i) => ({
      t: T0 + i * 0.1,
      src: "10.0.0.5",
      dst: `10.0.1.${i + 1}`,
      proto: "udp" as const,
      dport: 161,
    })),
  );
  m.finish("eof", null);
  const [alert] = m.list();
  assert.equal(alert?.rule, "port_scan.horizontal");
  assert.equal(alert.subject.key, "10.0.0.5");
  assert.equal(alert.evidence.hosts, 40);
  assert.equal(alert.evidence.portRange, "161-161");
  assert.equal((alert.evidence.targets as string[]).length, 5);
});

Deno.test("answered connections to many hosts are no scan (a browser, a DNS client)", () => {
  const m = monitor();
  const specs: Spec[] = [];
  for (let i = 0; i < 60; i++) {
    const server = `192.0.2.${i + 1}`;
    const sport = 50000 + i;
    specs.push({
      t: T0 + i * 0.1,
      src: "10.0.0.5",
      dst: server,
      proto: "tcp",
      sport,
      dport: 443,
      flags: SYN,
    });
    specs.push({
      t: T0 + i * 0.1,
      src: server,
      dst: "10.0.0.5",
      proto: "tcp",
      sport: 443,
      dport: sport,
      flags: SYN_ACK,
    });
    specs.push({
      t: T0 + i * 0.1,
      src: "10.0.0.5",
      dst: server,
      proto: "tcp",
      sport,
      dport: 443,
      flags: ACK,
    });
    specs.push({ t: T0 + i * 0.1, src: "10.0.0.5", dst: server, proto: "udp", sport, dport: 53 });
    specs.push({
      t: T0 + i * 0.1,
      src: server,
      dst: "10.0.0.5",
      proto: "udp",
      sport: 53,
      dport: sport,
    });
  }
  feed(m, specs);
  m.finish("eof", null);
  assert.deepEqual(m.list().map((a) => a.rule), []);
});

Deno.test("echo requests to many hosts raise ping_sweep naming the scanner", () => {
  const m = monitor();
  feed(
    m,
    Array.from({ length: 50 }, (_, i) => ({
      t: T0 + i * 0.05,
      src: "10.0.0.9",
      dst: `10.0.2.${i + 1}`,
      proto: "icmp" as const,
      icmpType: 8,
    })),
  );
  m.finish("eof", null);
  const alert = m.list().find((a) => a.rule === "ping_sweep");
  assert.equal(alert?.evidence.scanner, "10.0.0.9");
  assert.equal(alert?.evidence.hosts, 50);
});

Deno.test("traffic to or from a blocklisted network raises blocklist on the pair", () => {
  const m = monitor({ blocklist: ["198.51.100.0/24", "2001:db8:bad::/48"] });
  feed(m, [
    { t: T0, src: "10.0.0.5", dst: "198.51.100.9", proto: "tcp", flags: SYN },
    { t: T0 + 0.1, src: "198.51.100.9", dst: "10.0.0.5", proto: "tcp", flags: SYN_ACK },
    { t: T0 + 0.2, src: "2001:db8:bad::1", dst: "2001:db8::5", proto: "udp" },
    { t: T0 + 0.3, src: "10.0.0.5", dst: "198.51.101.9", proto: "tcp", flags: SYN },
  ]);
  m.tick((T0 + 2) * 1000);
  const alerts = m.list().filter((a) => a.rule === "blocklist");
  assert.deepEqual(alerts.map((a) => a.subject.key).sort(), [
    "10.0.0.5 -> 198.51.100.9",
    "2001:db8::5 -> 2001:db8:bad::1",
  ]);
  const v4 = alerts.find((a) => a.evidence.listed === "198.51.100.9")!;
  assert.equal(v4.evidence.packets, 2);
  assert.equal(v4.evidence.toListed, 1);
});

Deno.test("a burst far above a learned baseline raises traffic_spike, a quiet link never", () => {
  const m = monitor();
  const p = newPacket();
  // Two minutes at 100 packets/s, then one second at 20,000.
  for (let sec = 0; sec < 120; sec++) {
    for (let i = 0; i < 100; i++) {
      m.observe(
        fill(p, {
          t: T0 + sec + i / 100,
          src: "10.0.0.1",
          dst: "10.0.0.2",
          proto: "tcp",
          flags: ACK,
        }),
      );
    }
  }
  assert.deepEqual(m.list(), []);
  for (let i = 0; i < 20_000; i++) {
    m.observe(
      fill(p, {
        t: T0 + 120 + i / 20_000,
        src: "10.0.0.1",
        dst: "10.0.0.2",
        proto: "tcp",
        flags: ACK,
      }),
    );
  }
  m.tick((T0 + 121) * 1000);
  const spikes = m.list().filter((a) => a.rule === "traffic_spike.pps");
  assert.deepEqual(spikes.map((a) => a.subject.key).sort(), ["all", "tcp"]);
  assert.equal(spikes[0]!.evidence.value, 20_000);
});

Deno.test("capture drops and a capture that stopped on an error raise capture alerts", () => {
  const m = new AlertMonitor({ clock: "wall", alerts: resolveAlertOptions() });
  m.drops({ kernel: 0, ifdrop: 0, backlog: 0 }, 1000);
  assert.deepEqual(m.list(), []);
  m.drops({ kernel: 120, ifdrop: 0, backlog: 5 }, 2000);
  m.finish("error", "The interface went down", 3000);
  const rules = m.list().map((a) => [a.rule, a.severity]);
  assert.deepEqual(rules, [["capture.drops", "warning"], ["capture.stopped", "critical"]]);
  assert.equal(m.list()[0]!.evidence.lost, 125);
});

Deno.test("resolveAlertOptions() names the key of a bad or unknown value", () => {
  assert.throws(
    () => resolveAlertOptions({ portScan: { windowMs: -1 } }),
    /alerts\.portScan\.windowMs/,
  );
  assert.throws(
    () => resolveAlertOptions({ synFlood: { minHalfOpenShare: 2 } }),
    /alerts\.synFlood\.minHalfOpenShare/,
  );
  assert.throws(
    () => resolveAlertOptions({ portScan: { nope: 1 } as never }),
    /Unknown option alerts\.portScan\.nope/,
  );
  assert.equal(
    resolveAlertOptions({ portScan: { verticalMinPorts: 9 } }).portScan.verticalMinPorts,
    9,
  );
  assert.equal(resolveAlertOptions().portScan.verticalMinPorts, 25);
});

Deno.test("after learning, a new local service and a new external talker are reported once", () => {
  const m = monitor({ newActivity: { learningMs: 60_000 } });
  const handshake = (t: number, client: string, server: string, port: number): Spec[] => [
    { t, src: client, dst: server, proto: "tcp", sport: 40000 + port, dport: port, flags: SYN },
    { t, src: server, dst: client, proto: "tcp", sport: port, dport: 40000 + port, flags: SYN_ACK },
  ];
  // Learning: the local web server and its known client.
  feed(m, handshake(T0, "10.0.0.7", "192.168.1.10", 443));
  feed(m, handshake(T0 + 1, "203.0.113.5", "192.168.1.10", 443));
  m.tick((T0 + 2) * 1000);
  // After learning: the same again (nothing), then a new port and a new external talker.
  feed(m, handshake(T0 + 100, "203.0.113.5", "192.168.1.10", 443));
  feed(m, handshake(T0 + 101, "10.0.0.7", "192.168.1.10", 2222));
  feed(m, handshake(T0 + 102, "198.51.100.4", "192.168.1.10", 443));
  // Outbound to a new site is ordinary browsing: not a new talker.
  feed(m, handshake(T0 + 103, "192.168.1.10", "192.0.2.99", 443));
  m.tick((T0 + 104) * 1000);
  feed(m, handshake(T0 + 105, "198.51.100.4", "192.168.1.10", 443));
  m.tick((T0 + 106) * 1000);
  const found = m.list().map((a) => [a.rule, a.subject.key, a.severity]);
  assert.deepEqual(found, [
    ["new_service", "192.168.1.10 TCP/2222", "info"],
    ["new_talker", "198.51.100.4", "info"],
  ]);
});

Deno.test("observeRecord() counts a collected record in a file's open window, never moving its clock", () => {
  const m = monitor();
  const p = newPacket();
  // 20 hosts probed by packets of the file, 20 more by records stamped years later (an
  // exporter's clock): together past horizontalMinHosts (32), in the file's one window.
  for (let i = 0; i < 20; i++) {
    m.observe(
      fill(p, {
        t: T0 + i * 0.1,
        src: "10.0.0.5",
        dst: `10.0.1.${i + 1}`,
        proto: "udp",
        dport: 161,
      }),
    );
    m.observeRecord(
      fill(p, {
        t: T0 + 1e8 + i,
        src: "10.0.0.5",
        dst: `10.0.2.${i + 1}`,
        proto: "udp",
        dport: 161,
      }),
    );
  }
  // The file goes on past its window: had a record moved the clock, these would tick nothing.
  m.observe(fill(p, { t: T0 + 120, src: "10.0.0.9", dst: "10.0.0.1", proto: "udp", dport: 53 }));
  const [alert] = m.list();
  assert.equal(alert?.rule, "port_scan.horizontal");
  assert.equal(alert.evidence.hosts, 40);
  assert.ok(
    alert.lastSeenMs < (T0 + 1000) * 1000,
    `judged on the file's clock: ${alert.lastSeenMs}`,
  );
});
