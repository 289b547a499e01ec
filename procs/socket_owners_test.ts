import assert from "node:assert/strict";
import { describeProcess, findSocketOwners, MAX_CMDLINE_CHARS } from "./socket_owners.ts";
import { readProcNet } from "./proc_net.ts";

/**
 * A python3 child that names itself (PR_SET_NAME), opens a TCP listener, prints its port and
 * waits for its stdin to close: a process of known pid, name and socket.
 */
const CHILD = `
import ctypes, socket, sys
ctypes.CDLL(None).prctl(15, b"ws-owner-test", 0, 0, 0)
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True)
sys.stdin.read()
`;

async function withChild(
  extraArgs: string[],
  body: (pid: number, port: number) => void,
): Promise<void> {
  const child = new Deno.Command("python3", {
    args: ["-c", CHILD, ...extraArgs],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    const { value } = await reader.read();
    body(child.pid, Number(value!.trim()));
  } finally {
    await child.stdin.close();
    await reader.cancel();
    await child.status;
  }
}

Deno.test("findSocketOwners names the process holding a socket inode", async () => {
  await withChild(["an-argument"], (pid, port) => {
    const socket = readProcNet().find((s) => s.protocol === "tcp" && s.localPort === port);
    assert.ok(socket, "the child's listener is in /proc/net/tcp");
    const scan = findSocketOwners(new Set([socket.inode, 999_999_999_999]));
    const owner = scan.owners.get(socket.inode);
    assert.ok(owner, "found");
    assert.deepEqual([owner.pid, owner.name, owner.uid], [pid, "ws-owner-test", Deno.uid()]);
    assert.match(owner.cmdline, /python3 -c .* an-argument$/s);
    assert.equal(scan.owners.size, 1, "an inode nobody holds stays unanswered");
    assert.ok(scan.links > 0 && !scan.truncated);
  });
});

Deno.test("findSocketOwners stops at its link budget and says so", async () => {
  await withChild([], (_pid, port) => {
    const socket = readProcNet().find((s) => s.protocol === "tcp" && s.localPort === port)!;
    const scan = findSocketOwners(new Set([socket.inode, 999_999_999_999]), "/proc", 3);
    assert.equal(scan.links, 3);
    assert.ok(scan.truncated);
  });
});

Deno.test("describeProcess cuts long command lines and returns null for an ended process", async () => {
  await withChild(["x".repeat(5000)], (pid) => {
    const info = describeProcess(pid)!;
    assert.equal(info.cmdline.length, MAX_CMDLINE_CHARS);
  });
  assert.equal(describeProcess(2 ** 31 - 2), null);
});
