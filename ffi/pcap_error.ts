/**
 * libpcap status codes, and the one error type they become.
 *
 * Every negative status from libpcap passes through `pcapError()`, so the words a user reads for
 * "permission denied" or "no such device" are written once, here.
 */

/** Status values from pcap/pcap.h. */
export const PcapStatus = {
  ok: 0,
  error: -1,
  break: -2,
  notActivated: -3,
  activated: -4,
  noSuchDevice: -5,
  rfmonNotSupported: -6,
  notRfmon: -7,
  permissionDenied: -8,
  interfaceNotUp: -9,
  cantSetTimestampType: -10,
  promiscPermissionDenied: -11,
  timestampPrecisionNotSupported: -12,
  warning: 1,
  warningPromiscNotSupported: 2,
  warningTimestampTypeNotSupported: 3,
} as const;

/** What went wrong, by meaning; callers branch on this, never on message text. */
export type PcapErrorKind =
  | "permission"
  | "no-such-device"
  | "interface-down"
  | "filter"
  | "file"
  | "capture";

/** How a user gets capture rights, per OS: printed whenever libpcap says permission denied. */
export function permissionHint(os: typeof Deno.build.os = Deno.build.os): string {
  switch (os) {
    case "darwin":
      return "run it with sudo, or give your user read access to /dev/bpf* " +
        "(Wireshark's ChmodBPF does this)";
    case "windows":
      return "run it from an Administrator prompt, or reinstall Npcap without " +
        "'Restrict Npcap driver's access to Administrators only'";
    default: {
      // setcap on the deno executable would hand capture rights to every Deno script, so name
      // the compiled binary: this one when we are it, else the one `deno task compile` builds.
      const exe = Deno.execPath();
      const compiled = !/(^|\/)deno$/.test(exe);
      const target = compiled ? exe : "./wirescope (the binary `deno task compile` builds)";
      return `run it with sudo, or grant the binary capture rights once: ` +
        `sudo setcap cap_net_raw,cap_net_admin+eip ${target}`;
    }
  }
}

export class PcapError extends Error {
  override name = "PcapError";
  constructor(
    message: string,
    readonly kind: PcapErrorKind,
    readonly status: number = PcapStatus.error,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Turn a failing libpcap status into a `PcapError` whose message reads
 * `Cannot <action>: <reason>` and says what to do where that is known.
 */
export function pcapError(action: string, status: number, detail: string): PcapError {
  const reason = detail.trim();
  switch (status) {
    case PcapStatus.permissionDenied:
    case PcapStatus.promiscPermissionDenied:
      return new PcapError(
        `Cannot ${action}: permission denied${reason ? ` (${reason})` : ""}; ${permissionHint()}`,
        "permission",
        status,
      );
    case PcapStatus.noSuchDevice:
      return new PcapError(
        `Cannot ${action}: no such device${reason ? ` (${reason})` : ""}`,
        "no-such-device",
        status,
      );
    case PcapStatus.interfaceNotUp:
      return new PcapError(
        `Cannot ${action}: the interface is down; bring it up with \`ip link set <name> up\``,
        "interface-down",
        status,
      );
    default:
      // libpcap reports a missing CAP_NET_RAW on Linux as a generic error whose text names
      // the socket call; recognise it so the user still gets the sudo/setcap advice.
      if (/permission|not permitted|EPERM/i.test(reason)) {
        return new PcapError(
          `Cannot ${action}: permission denied (${reason}); ${permissionHint()}`,
          "permission",
          PcapStatus.permissionDenied,
        );
      }
      return new PcapError(
        `Cannot ${action}: ${reason || `libpcap status ${status}`}`,
        "capture",
        status,
      );
  }
}
