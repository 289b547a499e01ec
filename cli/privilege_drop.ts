/**
 * Giving up privileges once start-up has opened everything: the capture handle (in the worker),
 * the listening socket, `-w`'s first file, the history database and the config file.
 *
 * Started as root, wirescope becomes `-Z USER`, else the user sudo was called by (`SUDO_UID`,
 * `SUDO_GID`), else `nobody`, as tcpdump does. Started as another user holding file
 * capabilities (`setcap` on the binary), it clears them (this thread here; the capture worker
 * clears its own after opening, since capabilities are per thread; the runtime's own threads
 * keep theirs, unless CAP_SETUID was given too: then a uid change clears every thread's).
 * Either way nothing started later can gain privileges through exec. `--no-drop` keeps
 * everything.
 */
import type { DumpSpec } from "../capture/dump/dump_spec.ts";
import { countDigits, dumpFileName } from "../capture/dump/dump_file_name.ts";
import {
  type Account,
  accountById,
  accountByName,
  becomeAccount,
  CAP_SETUID_MASK,
  clearEveryThreadsCapabilities,
  currentIds,
  dropThreadCapabilities,
  forbidNewPrivileges,
  PrivilegeError,
  threadCapabilities,
} from "../ffi/privileges.ts";

/** Who runs wirescope when root started it and neither -Z nor sudo names anyone. */
export const FALLBACK_USER = "nobody";
/**
 * Debugging aid: after the drop, try to open this file for reading and say on stderr whether
 * it could; how a test proves that a root-only file is out of reach of the running process.
 */
export const PROBE_ENV = "WIRESCOPE_DEBUG_PROBE_FILE";

export interface DropRequest {
  /** `-Z USER`: a name or a numeric uid. */
  dropUser?: string;
  /** `--no-drop`. */
  noDrop: boolean;
}

/** What was dropped, for the one line start-up prints; undefined when nothing was. */
export type DropOutcome = string | undefined;

/** The account root hands over to: -Z, else sudo's caller, else nobody. */
export function dropTarget(
  request: DropRequest,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Account {
  if (request.dropUser !== undefined) {
    const account = /^\d+$/.test(request.dropUser)
      ? accountById(Number(request.dropUser))
      : accountByName(request.dropUser);
    if (!account) {
      throw new PrivilegeError(`Cannot drop privileges to "${request.dropUser}": no such user`);
    }
    return account;
  }
  const sudoUid = env("SUDO_UID");
  const sudoGid = env("SUDO_GID");
  // sudo from root itself names root: nothing would be dropped, so fall back as without sudo.
  if (sudoUid && /^\d+$/.test(sudoUid) && Number(sudoUid) !== 0) {
    const uid = Number(sudoUid);
    const listed = accountById(uid);
    const gid = sudoGid && /^\d+$/.test(sudoGid) ? Number(sudoGid) : listed?.gid;
    if (gid === undefined) {
      throw new PrivilegeError(`Cannot drop privileges to uid ${uid}: SUDO_GID is not set`);
    }
    return { name: listed?.name ?? env("SUDO_USER") ?? String(uid), uid, gid };
  }
  const nobody = accountByName(FALLBACK_USER);
  if (!nobody) {
    throw new PrivilegeError(
      `Cannot drop privileges: there is no "${FALLBACK_USER}" user; name one with -Z USER`,
    );
  }
  return nobody;
}

/**
 * Drop privileges now. `created` lists the files start-up made (`-w`'s, the database's) that
 * must belong to the user wirescope becomes; those that do not exist are passed over.
 */
export function dropPrivileges(request: DropRequest, created: string[]): DropOutcome {
  if (request.noDrop || Deno.build.os !== "linux") {
    if (request.dropUser !== undefined && !request.noDrop) {
      throw new PrivilegeError("Cannot use -Z here: dropping privileges needs Linux");
    }
    return undefined;
  }
  const ids = currentIds();
  let outcome: DropOutcome;
  if (ids.euid === 0) {
    const target = dropTarget(request);
    for (const path of created) giveFile(path, target);
    forbidNewPrivileges();
    becomeAccount(target);
    outcome = `running as ${target.name} (uid ${target.uid}, gid ${target.gid})`;
  } else {
    if (request.dropUser !== undefined) {
      const target = dropTarget(request);
      if (target.uid !== ids.uid) {
        throw new PrivilegeError(
          `Cannot drop privileges to "${request.dropUser}": only root can change user; run with sudo`,
        );
      }
    }
    const held = threadCapabilities();
    if (held.permitted === 0n && held.effective === 0n && held.inheritable === 0n) return undefined;
    forbidNewPrivileges();
    if (held.effective & CAP_SETUID_MASK) {
      // Given CAP_SETUID too, every thread can be cleared, the runtime's own included.
      clearEveryThreadsCapabilities();
      outcome = "capabilities dropped in every thread";
    } else {
      dropThreadCapabilities();
      outcome = "capture capabilities dropped";
    }
  }
  probe();
  return outcome;
}

/**
 * The files start-up created that later writes go through: `-w`'s first file (under `-G` the
 * first opens with the first packet, after the drop) and the database with its WAL and shared
 * memory files.
 */
export function filesToHandOver(
  write: DumpSpec | undefined,
  database: string | undefined,
): string[] {
  const files: string[] = [];
  if (write && write.rotateSeconds === 0) {
    files.push(dumpFileName(write.path, 0, countDigits(write.fileCount), undefined));
  }
  if (database && database !== ":memory:") {
    files.push(database, `${database}-wal`, `${database}-shm`);
  }
  return files;
}

/** The line start-up prints once privileges are gone. */
export function announceDrop(outcome: DropOutcome): void {
  if (outcome) console.error(`wirescope: privileges dropped: ${outcome}`);
}

/**
 * Whether `dropPrivileges` will give anything up: then captures are held (opened, not read)
 * until it has, so no packet is parsed with privileges.
 */
export function willDropPrivileges(request: DropRequest): boolean {
  if (request.noDrop || Deno.build.os !== "linux") return false;
  if (currentIds().euid === 0) return true;
  const held = threadCapabilities();
  return held.permitted !== 0n || held.effective !== 0n || held.inheritable !== 0n;
}

/** Whether the capture worker should clear its own capabilities once its files are open. */
export function workerShouldDropCapabilities(request: DropRequest): boolean {
  // Under root the uid change clears every thread's capabilities, and glibc aborts the process
  // if the change fails on a thread that already gave up CAP_SETUID: leave the worker alone.
  // The same holds for a process given CAP_SETUID: its drop goes through a uid change too.
  return !request.noDrop && Deno.build.os === "linux" && currentIds().euid !== 0 &&
    (threadCapabilities().effective & CAP_SETUID_MASK) === 0n;
}

function giveFile(path: string, to: Account): void {
  try {
    Deno.chownSync(path, to.uid, to.gid);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw new PrivilegeError(
      `Cannot give "${path}" to ${to.name}: ${(error as Error).message}; or use --no-drop`,
      { cause: error },
    );
  }
}

function probe(): void {
  const path = Deno.env.get(PROBE_ENV);
  if (!path) return;
  try {
    Deno.openSync(path, { read: true }).close();
    console.error(`wirescope: debug: after the drop, "${path}" can be opened`);
  } catch (error) {
    console.error(
      `wirescope: debug: after the drop, "${path}" cannot be opened: ${(error as Error).name}`,
    );
  }
}
