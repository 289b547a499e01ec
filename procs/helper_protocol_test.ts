import assert from "node:assert/strict";
import {
  decodeAnswer,
  decodeQuestion,
  encodeAnswer,
  encodeQuestion,
  MAX_QUERY_INODES,
} from "./helper_protocol.ts";
import type { ProcessInfo } from "./socket_owners.ts";

Deno.test("helper questions and answers survive the pipe, one line each", () => {
  const question = encodeQuestion([5, 6, 7]);
  assert.equal(question.indexOf("\n"), question.length - 1);
  assert.deepEqual(decodeQuestion(question.trim()), [5, 6, 7]);
  const curl: ProcessInfo = { pid: 42, name: "curl", cmdline: "curl -s\nhttps://x", uid: 1000 };
  const dig: ProcessInfo = { pid: 43, name: "dig", cmdline: "dig", uid: 0 };
  const line = encodeAnswer({
    owners: new Map([[5, curl], [6, curl], [7, dig]]),
    links: 99,
    truncated: true,
  });
  assert.equal(line.indexOf("\n"), line.length - 1, "a newline in a command line is escaped");
  assert.equal(line.split("curl -s").length, 2, "a process's text goes once however many sockets");
  const answer = decodeAnswer(line.trim());
  assert.deepEqual([...answer.owners], [[5, curl], [6, curl], [7, dig]]);
  assert.deepEqual([answer.links, answer.truncated], [99, true]);
});

Deno.test("the helper refuses questions that are not an inode list", () => {
  for (
    const bad of [
      "",
      "[]",
      '{"inodes":"1"}',
      '{"inodes":[1.5]}',
      '{"inodes":[-1]}',
      '{"inodes":["1"]}',
      JSON.stringify({ inodes: Array(MAX_QUERY_INODES + 1).fill(1) }),
    ]
  ) {
    assert.throws(() => decodeQuestion(bad), bad.slice(0, 40));
  }
  assert.equal(
    JSON.parse(encodeQuestion(Array(MAX_QUERY_INODES + 5).fill(1))).inodes.length,
    MAX_QUERY_INODES,
  );
});

Deno.test("an answer naming a process it did not describe is refused", () => {
  assert.throws(() => decodeAnswer('{"owners":[[5,42]],"processes":[]}'), SyntaxError);
  assert.throws(() => decodeAnswer('{"owners":[]}'), SyntaxError);
});
