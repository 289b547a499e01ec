/**
 * QUIC Initial packet keys (RFC 9001 section 5.2; RFC 9369 section 3.3 for version 2). They
 * derive from the client's first Destination Connection ID and a per-version salt, so anyone
 * on the path can read Initials: that is how tshark, and we, see the SNI.
 *
 * HKDF (RFC 5869) with SHA-256 is built on our own synchronous HMAC (`sha256.ts`), as the
 * capture worker's loop must not wait. The header protection key comes first and alone: it is
 * all the cheap checks of `openInitial()` need, and most datagrams that look like a client
 * Initial (a server's Initial, UDP 443 that is not QUIC) fail them, so the packet key and IV
 * are derived only when asked for.
 */
import {
  HMAC_KEY_STATE_WORDS,
  hmacKeyState,
  hmacSha256,
  hmacWithState,
  SHA256_LEN,
} from "./sha256.ts";
import { AES128_SCHEDULE_WORDS, expandKey128 } from "./aes128.ts";
import { gcmHashTable } from "./aes128_gcm.ts";
import { GHASH_TABLE_WORDS } from "./ghash.ts";

import { InitialSalt, initialSaltOf, SALT_HEX } from "./quic_versions.ts";

export { QUIC_V1, QUIC_V2 } from "./quic_versions.ts";

/** AEAD_AES_128_GCM key and nonce lengths, and the header protection key (RFC 9001 5.3, 5.4). */
const KEY_LEN = 16;
const IV_LEN = 12;
const HP_LEN = 16;

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!, (h) => parseInt(h, 16));
}

/** HKDF-Extract (RFC 5869 section 2.2). */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  const out = new Uint8Array(SHA256_LEN);
  hmacSha256(salt, ikm, out);
  return out;
}

/**
 * The `info` of HKDF-Expand-Label with an empty context (RFC 8446 section 7.1), followed by
 * HKDF-Expand's block counter: the whole HMAC message for an output of one block at most.
 */
function labelInfo(label: string, length: number): Uint8Array {
  if (length > SHA256_LEN) throw new RangeError(`Cannot expand ${length} bytes: at most 32`);
  const full = `tls13 ${label}`;
  const info = new Uint8Array(2 + 1 + full.length + 1 + 1);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = full.length;
  for (let i = 0; i < full.length; i++) info[3 + i] = full.charCodeAt(i);
  info[3 + full.length] = 0; // empty context
  info[4 + full.length] = 1; // HKDF-Expand's block counter T(1)
  return info;
}

/**
 * HKDF-Expand-Label with an empty context (RFC 8446 section 7.1), for outputs of at most one
 * SHA-256 block, which is all QUIC's Initial keys need.
 */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const out = new Uint8Array(SHA256_LEN);
  hmacSha256(secret, labelInfo(label, length), out);
  return out.slice(0, length);
}

/** The labels of one version, made once. */
interface VersionLabels {
  salt: Uint32Array;
  clientIn: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
}

function versionLabels(salt: Uint8Array, prefix: string): VersionLabels {
  const saltState = new Uint32Array(HMAC_KEY_STATE_WORDS);
  hmacKeyState(salt, saltState);
  return {
    salt: saltState,
    clientIn: labelInfo("client in", SHA256_LEN),
    key: labelInfo(`${prefix}key`, KEY_LEN),
    iv: labelInfo(`${prefix}iv`, IV_LEN),
    hp: labelInfo(`${prefix}hp`, HP_LEN),
  };
}

/**
 * Labels by `InitialSalt`: every version before 2 says "quic key" (drafts, mvfst and gQUIC
 * alike); version 2 says "quicv2 key" (RFC 9369 section 3.3.2). An unknown version is never
 * derived (the caller checks `isKnownVersion()`); its slot holds version 1's.
 */
const LABELS: readonly VersionLabels[] = SALT_HEX.map((salt, i) =>
  versionLabels(
    hex(salt === "" ? SALT_HEX[InitialSalt.v1]! : salt),
    i === InitialSalt.v2 ? "quicv2 " : "quic ",
  )
);
const V1_LABELS = LABELS[InitialSalt.v1]!;
/** One HMAC output, copied out at the length needed. */
const block = new Uint8Array(SHA256_LEN);
/** Bits of `QuicKeys`' values derived on first use. */
const KEY_DERIVED = 1;
const IV_DERIVED = 2;
const SCHEDULE_DERIVED = 4;
const TABLE_DERIVED = 8;

/**
 * The client's Initial keys of one connection. `hp` and its AES schedule are derived at once;
 * `key`, `iv`, the key's schedule and its GHASH table on first use. `derive()` refills the
 * same buffers for another connection: most DCIDs that look like a client's (UDP 443 that is
 * not QUIC, a server's Initial) fail the first checks, and their keys are then reused rather
 * than left to the garbage collector.
 */
export class QuicKeys {
  readonly hp = new Uint8Array(HP_LEN);
  readonly hpSchedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  /** HMAC key state of the client's initial secret, kept to derive key and IV later. */
  readonly #client = new Uint32Array(HMAC_KEY_STATE_WORDS);
  /** HMAC key state of the initial secret, a step of `derive()` kept to reuse its buffer. */
  readonly #initial = new Uint32Array(HMAC_KEY_STATE_WORDS);
  readonly #key = new Uint8Array(KEY_LEN);
  readonly #iv = new Uint8Array(IV_LEN);
  readonly #keySchedule = new Uint32Array(AES128_SCHEDULE_WORDS);
  readonly #hashTable = new Uint32Array(GHASH_TABLE_WORDS);
  #labels: VersionLabels = V1_LABELS;
  /** Which of key, IV, schedule and table hold this connection's values (`*_DERIVED` bits). */
  #derived = 0;

  constructor(version: number, dcid: Uint8Array) {
    this.derive(version, dcid);
  }

  /** Derive the keys of `version` and the client's first Destination Connection ID `dcid`. */
  derive(version: number, dcid: Uint8Array): void {
    const labels = LABELS[initialSaltOf(version)]!;
    this.#labels = labels;
    this.#derived = 0;
    // initial_secret = HKDF-Extract(salt, DCID); client = Expand-Label(.., "client in", 32).
    hmacWithState(labels.salt, dcid, block);
    hmacKeyState(block, this.#initial);
    hmacWithState(this.#initial, labels.clientIn, block);
    hmacKeyState(block, this.#client);
    this.#expand(labels.hp, this.hp);
    expandKey128(this.hp, this.hpSchedule);
  }

  /** AEAD key (RFC 9001 section 5.1). */
  get key(): Uint8Array {
    if ((this.#derived & KEY_DERIVED) === 0) {
      this.#expand(this.#labels.key, this.#key);
      this.#derived |= KEY_DERIVED;
    }
    return this.#key;
  }

  /** AEAD IV, XORed with the packet number to make the nonce (RFC 9001 section 5.3). */
  get iv(): Uint8Array {
    if ((this.#derived & IV_DERIVED) === 0) {
      this.#expand(this.#labels.iv, this.#iv);
      this.#derived |= IV_DERIVED;
    }
    return this.#iv;
  }

  /** AES-128 schedule of `key`, for `aes128.ts`. */
  get keySchedule(): Uint32Array {
    if ((this.#derived & SCHEDULE_DERIVED) === 0) {
      expandKey128(this.key, this.#keySchedule);
      this.#derived |= SCHEDULE_DERIVED;
    }
    return this.#keySchedule;
  }

  /** GHASH table of `key`, for `aes128_gcm.ts`. */
  get hashTable(): Uint32Array {
    if ((this.#derived & TABLE_DERIVED) === 0) {
      gcmHashTable(this.keySchedule, this.#hashTable);
      this.#derived |= TABLE_DERIVED;
    }
    return this.#hashTable;
  }

  /** Fill `out` with the first `out.length` bytes of Expand-Label(client, `info`). */
  #expand(info: Uint8Array, out: Uint8Array): void {
    hmacWithState(this.#client, info, block);
    for (let i = 0; i < out.length; i++) out[i] = block[i]!;
  }
}

/** The client's Initial keys for `version` and the client's first Destination Connection ID. */
export function clientInitialKeys(version: number, dcid: Uint8Array): QuicKeys {
  return new QuicKeys(version, dcid);
}
