/**
 * The payload rules file (`--payload-rules FILE`): one rule a line, its name, then whitespace,
 * then an RE2 pattern to the end of the line; `#` starts a comment line. For example:
 *
 *     etc-passwd     /etc/passwd
 *     sql-union      (?i)union\s+select
 *
 * Patterns are compiled here, on the main thread, so a bad one is one message naming its line
 * before the capture starts; the worker compiles them again (a compiled RE2 cannot be cloned).
 * RE2 (`npm:re2js`) matches in time linear in the input: no pattern can make a packet cost more
 * than its bounded scan (no ReDoS). Backreferences and lookaround, which need backtracking, are
 * refused by RE2 with its own message.
 */
// deno-lint-ignore no-import-prefix
import { RE2JS } from "npm:re2js@1";
import { MAX_PAYLOAD_PATTERN_CHARS, MAX_PAYLOAD_RULES, type PayloadRule } from "./payload_spec.ts";

const RULE_LINE = /^([A-Za-z0-9_.:-]{1,64})\s+(\S.*)$/;

/** The rules of `text`; throws SyntaxError naming `where` and the line for anything wrong. */
export function parsePayloadRules(text: string, where: string): PayloadRule[] {
  const rules: PayloadRule[] = [];
  const names = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const at = `${where}, line ${i + 1}`;
    const match = RULE_LINE.exec(line);
    if (!match) {
      throw new SyntaxError(`Invalid payload rule in ${at}: write a name, spaces, a pattern`);
    }
    const [, name, pattern] = match as unknown as [string, string, string];
    if (names.has(name)) throw new SyntaxError(`Invalid payload rule in ${at}: "${name}" twice`);
    if (pattern.length > MAX_PAYLOAD_PATTERN_CHARS) {
      throw new SyntaxError(
        `Invalid payload rule in ${at}: pattern over ${MAX_PAYLOAD_PATTERN_CHARS} characters`,
      );
    }
    compilePayloadPattern(pattern, at);
    names.add(name);
    rules.push({ name, pattern });
    if (rules.length > MAX_PAYLOAD_RULES) {
      throw new SyntaxError(`Too many payload rules in ${where}: at most ${MAX_PAYLOAD_RULES}`);
    }
  }
  if (rules.length === 0) throw new SyntaxError(`No payload rules in ${where}`);
  return rules;
}

/** The compiled pattern; throws SyntaxError with RE2's reason. */
export function compilePayloadPattern(pattern: string, where: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`Invalid payload pattern in ${where}: ${why}`);
  }
}
