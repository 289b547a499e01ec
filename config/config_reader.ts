/**
 * Typed reads of one TOML table with the key path kept for messages: every key read is marked,
 * and `done()` refuses whatever key was not read, so a typo is an error that names it instead of
 * a setting silently ignored.
 */
import { ConfigError } from "./config_error.ts";

export type TomlTable = Record<string, unknown>;

export class TableReader {
  readonly #table: TomlTable;
  readonly #path: string;
  readonly #file: string;
  readonly #seen = new Set<string>();

  constructor(table: TomlTable, path: string, file: string) {
    this.#table = table;
    this.#path = path;
    this.#file = file;
  }

  /** Where a key lives, as written in messages: "notify.webhook[0].url". */
  name(key: string): string {
    return this.#path ? `${this.#path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw new ConfigError(`Invalid config "${this.#file}": ${this.name(key)} ${problem}`);
  }

  /** The table itself, every key marked as read (for tables passed on whole). */
  entries(): TomlTable {
    for (const key of Object.keys(this.#table)) this.#seen.add(key);
    return this.#table;
  }

  has(key: string): boolean {
    return this.#table[key] !== undefined;
  }

  raw(key: string): unknown {
    this.#seen.add(key);
    return this.#table[key];
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
      this.fail(key, "must be a non-empty string");
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") this.fail(key, `${show(value)} must be true or false`);
    return value;
  }

  number(key: string, min: number, max: number, integer = true): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (
      typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))
    ) {
      this.fail(key, `${show(value)} must be a ${integer ? "whole " : ""}number`);
    }
    if (value < min || value > max) this.fail(key, `${value} must be between ${min} and ${max}`);
    return value;
  }

  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !choices.includes(value as T)) {
      this.fail(key, `${show(value)} must be one of ${choices.join(", ")}`);
    }
    return value as T;
  }

  strings(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
      this.fail(key, "must be a list of non-empty strings");
    }
    return value as string[];
  }

  table(key: string): TableReader | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!isTable(value)) this.fail(key, "must be a table");
    return new TableReader(value, this.name(key), this.#file);
  }

  /** An array of tables (`[[notify.webhook]]`). */
  tables(key: string): TableReader[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every(isTable)) {
      this.fail(key, `must be tables ([[${this.name(key)}]])`);
    }
    return value.map((t, i) => new TableReader(t, `${this.name(key)}[${i}]`, this.#file));
  }

  /** A secret from the file (`key`) or from the environment variable named by `key_env`. */
  secret(key: string, env: (name: string) => string | undefined): string | undefined {
    const inline = this.string(key);
    const variable = this.string(`${key}_env`);
    if (inline !== undefined && variable !== undefined) {
      this.fail(`${key}_env`, `cannot be used together with ${this.name(key)}`);
    }
    if (variable === undefined) return inline;
    const value = env(variable);
    if (value === undefined || value === "") {
      this.fail(`${key}_env`, `names ${variable}, which is not set in the environment`);
    }
    return value;
  }

  /** Refuse every key of the table that no reader asked for. */
  done(): void {
    for (const key of Object.keys(this.#table)) {
      if (!this.#seen.has(key)) {
        throw new ConfigError(`Invalid config "${this.#file}": unknown key ${this.name(key)}`);
      }
    }
  }
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
