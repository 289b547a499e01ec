/** The `-D` listing: one interface per line, numbered like tcpdump's, with flags and addresses. */
import type { Device } from "../ffi/devices.ts";

export function formatInterfaceTable(devices: Device[]): string {
  if (devices.length === 0) {
    return "No interfaces found (capturing may need sudo; see wirescope --help)";
  }
  return devices.map((device, i) => {
    const flags = [
      device.up ? "Up" : "Down",
      device.running ? "Running" : "",
      device.loopback ? "Loopback" : "",
      device.wireless ? "Wireless" : "",
    ].filter(Boolean).join(", ");
    const description = device.description ? ` (${device.description})` : "";
    const addresses = device.addresses.map((a) => a.address).join(", ");
    return `${i + 1}.${device.name}${description} [${flags}]${addresses ? ` ${addresses}` : ""}`;
  }).join("\n");
}

/** The names to offer when the user typed one that does not exist. */
export function interfaceNames(devices: Device[]): string {
  return devices.map((d) => d.name).join(", ");
}
