/**
 * The `-D` listing: one interface per line, numbered like tcpdump's, with flags and addresses;
 * with `-i`, the interfaces a capture with those flags would use are flagged "In use", and a
 * name that is not there gets a line saying so.
 */
import type { Device } from "../ffi/devices.ts";

export function formatInterfaceTable(devices: Device[], inUse: readonly string[] = []): string {
  if (devices.length === 0) {
    return "No interfaces found (capturing may need sudo; see wirescope --help)";
  }
  const missing = inUse.filter((name) => !devices.some((d) => d.name === name))
    .map((name) => `-i ${name}: no such interface`);
  return devices.map((device, i) => {
    const flags = [
      device.up ? "Up" : "Down",
      device.running ? "Running" : "",
      device.loopback ? "Loopback" : "",
      device.wireless ? "Wireless" : "",
      inUse.includes(device.name) ? "In use" : "",
    ].filter(Boolean).join(", ");
    const description = device.description ? ` (${device.description})` : "";
    const addresses = device.addresses.map((a) => a.address).join(", ");
    return `${i + 1}.${device.name}${description} [${flags}]${addresses ? ` ${addresses}` : ""}`;
  }).concat(missing).join("\n");
}

/** The names to offer when the user typed one that does not exist. */
export function interfaceNames(devices: Device[]): string {
  return devices.map((d) => d.name).join(", ");
}
