/**
 * Interface listing through `pcap_findalldevs`, and the choice of a default interface.
 */
import { errbufText, libpcap, PCAP_ERRBUF_SIZE } from "./libpcap.ts";
import { pcapError, PcapStatus } from "./pcap_error.ts";
// Addresses are printed as everywhere else in wirescope (and as tshark prints them).
import { formatIPv4Bytes, formatIPv6 } from "../net/ip_format.ts";

/** PCAP_IF_* flag bits from pcap/pcap.h. */
const IF_LOOPBACK = 0x1;
const IF_UP = 0x2;
const IF_RUNNING = 0x4;
const IF_WIRELESS = 0x8;

export interface DeviceAddress {
  family: "ipv4" | "ipv6";
  address: string;
  netmask?: string;
}

export interface Device {
  name: string;
  description: string;
  addresses: DeviceAddress[];
  loopback: boolean;
  up: boolean;
  running: boolean;
  wireless: boolean;
}

// struct pcap_if { struct pcap_if *next; char *name; char *description;
//                  struct pcap_addr *addresses; bpf_u_int32 flags; }
const IF_NEXT = 0, IF_NAME = 8, IF_DESCRIPTION = 16, IF_ADDRESSES = 24, IF_FLAGS = 32;
// struct pcap_addr { struct pcap_addr *next; struct sockaddr *addr; struct sockaddr *netmask; ...}
const ADDR_NEXT = 0, ADDR_ADDR = 8, ADDR_NETMASK = 16;
/** Interfaces and addresses walked at most: a bound on a list that comes from C. */
const MAX_LIST = 4096;

/** Every interface libpcap can open, in libpcap's order (up and running ones first). */
export function listDevices(): Device[] {
  const lib = libpcap();
  const head = new BigUint64Array(1);
  const errbuf = new Uint8Array(PCAP_ERRBUF_SIZE);
  if (lib.pcap_findalldevs(head, errbuf) !== 0) {
    throw pcapError("list interfaces", PcapStatus.error, errbufText(errbuf));
  }
  const first = Deno.UnsafePointer.create(head[0]!);
  const devices: Device[] = [];
  try {
    let node = first;
    for (let n = 0; node && n < MAX_LIST; n++) {
      const view = new Deno.UnsafePointerView(node);
      const flags = view.getUint32(IF_FLAGS);
      const description = view.getPointer(IF_DESCRIPTION);
      devices.push({
        name: cStringAt(view.getPointer(IF_NAME)),
        description: description ? cStringAt(description) : "",
        addresses: readAddresses(view.getPointer(IF_ADDRESSES)),
        loopback: (flags & IF_LOOPBACK) !== 0,
        up: (flags & IF_UP) !== 0,
        running: (flags & IF_RUNNING) !== 0,
        wireless: (flags & IF_WIRELESS) !== 0,
      });
      node = view.getPointer(IF_NEXT);
    }
  } finally {
    if (first) lib.pcap_freealldevs(first);
  }
  return devices;
}

/**
 * The interface a user most likely means: the first that is up, running, not loopback and has
 * an address. Undefined when there is none (a machine with only loopback, say).
 */
export function defaultDevice(devices: Device[]): Device | undefined {
  return devices.find((d) => d.up && d.running && !d.loopback && d.addresses.length > 0);
}

function readAddresses(first: Deno.PointerValue): DeviceAddress[] {
  const out: DeviceAddress[] = [];
  let node = first;
  for (let n = 0; node && n < MAX_LIST; n++) {
    const view = new Deno.UnsafePointerView(node);
    const address = sockaddrText(view.getPointer(ADDR_ADDR));
    if (address) {
      const netmask = sockaddrText(view.getPointer(ADDR_NETMASK));
      out.push({ ...address, ...(netmask ? { netmask: netmask.address } : {}) });
    }
    node = view.getPointer(ADDR_NEXT);
  }
  return out;
}

/**
 * Format an AF_INET or AF_INET6 sockaddr; undefined for other families (AF_PACKET...).
 * BSDs put a length byte before a one-byte family; Linux and Windows use a 16-bit family.
 */
function sockaddrText(pointer: Deno.PointerValue): Omit<DeviceAddress, "netmask"> | undefined {
  if (!pointer) return undefined;
  const view = new Deno.UnsafePointerView(pointer);
  const bsd = Deno.build.os === "darwin" || Deno.build.os === "freebsd";
  const family = bsd ? view.getUint8(1) : view.getUint16(0);
  const inet6 = Deno.build.os === "linux"
    ? 10
    : Deno.build.os === "windows"
    ? 23
    : Deno.build.os === "darwin"
    ? 30
    : 28;
  if (family === 2) {
    return { family: "ipv4", address: formatIPv4Bytes(copyBytes(view, 4, 4)) };
  }
  if (family === inet6) {
    return { family: "ipv6", address: formatIPv6(copyBytes(view, 8, 16)) };
  }
  return undefined;
}

function copyBytes(view: Deno.UnsafePointerView, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  view.copyInto(out, offset);
  return out;
}

function cStringAt(pointer: Deno.PointerValue): string {
  return pointer ? Deno.UnsafePointerView.getCString(pointer) : "";
}
