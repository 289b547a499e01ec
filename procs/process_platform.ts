/**
 * Where per-process attribution works, and how each system answers the one question it needs
 * (`OwnerLookup`: which process holds this socket), so the rest (`ProcessAttribution`, the API,
 * the page) stays the same on every system.
 *
 * - Linux (implemented): the socket tables of `/proc/net/{tcp,tcp6,udp,udp6}` and the
 *   `socket:[inode]` links of `/proc/PID/fd`; other users' processes through the helper.
 * - macOS (not implemented): libproc through `Deno.dlopen("libproc.dylib")`:
 *   `proc_listpids`, then `proc_pidinfo(PROC_PIDLISTFDS)` and
 *   `proc_pidfdinfo(PROC_PIDFDSOCKETINFO)` give each socket's local and remote address with its
 *   pid directly, so the socket table and the inode step collapse into one scan; other users'
 *   processes need root, so the same helper split applies.
 * - Windows (not implemented): `GetExtendedTcpTable`/`GetExtendedUdpTable` (iphlpapi.dll) with
 *   `TCP_TABLE_OWNER_PID_ALL`/`UDP_TABLE_OWNER_PID` list every endpoint with its owning pid, no
 *   privilege needed; names from `OpenProcess` + `QueryFullProcessImageNameW`.
 *
 * Neither can be tested on this project's Linux CI, so neither is claimed.
 */

export type ProcessPlatform =
  | { supported: true }
  | { supported: false; reason: string };

export function processPlatform(os: string = Deno.build.os): ProcessPlatform {
  switch (os) {
    case "linux":
      return { supported: true };
    case "darwin":
      return {
        supported: false,
        reason: "process attribution is not implemented on macOS yet (libproc)",
      };
    case "windows":
      return {
        supported: false,
        reason: "process attribution is not implemented on Windows yet (GetExtendedTcpTable)",
      };
    default:
      return { supported: false, reason: `process attribution is not implemented on ${os}` };
  }
}
