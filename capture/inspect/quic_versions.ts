/**
 * Which QUIC versions carry a client Initial we can open, and with which salt and HKDF labels:
 * the choice tshark 4.0 makes (epan/dissectors/packet-quic.c), so that we read the SNIs it reads.
 *
 * - IETF drafts (0xff0000NN) changed the Initial salt three times: draft-22 (tshark uses it for
 *   drafts 11 to 22), drafts 23-28, drafts 29-32; drafts 33 and 34 already use version 1's (RFC
 *   9001 section 5.2). tshark reads every draft from 11 with the final header layout, and so
 *   do we.
 * - Facebook's mvfst numbers its builds 0xfaceb0NN and follows one draft: 0xfaceb001 draft-22,
 *   0xfaceb002 and 0xfaceb00e draft-27.
 * - Google QUIC T050 and T051 frame a TLS 1.3 handshake in IETF-style Initials with salts of
 *   their own; Q050 does the same around Google's CHLO, which is not TLS (no SNI for us, and none
 *   in tshark's `tls.handshake.extensions_server_name`).
 * - Version 2 (RFC 9369) has its own salt and "quicv2 " labels.
 * - Versions of the 0x?a?a?a?a pattern (RFC 9000 section 15) exist to force version
 *   negotiation; tshark opens an Initial of one with draft-29's salt.
 *
 * Drafts before 11 and every other number are not opened, as tshark does not open them.
 */

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;
/** Google QUIC versions are ASCII: "Q050", "T050", "T051". */
export const GQUIC_Q050 = 0x51303530;
export const GQUIC_T050 = 0x54303530;
export const GQUIC_T051 = 0x54303531;
const MVFST_DRAFT_22 = 0xfaceb001;
const MVFST_DRAFT_27 = 0xfaceb002;
const MVFST_EXPERIMENTAL = 0xfaceb00e;
/** IETF draft versions are 0xff000000 plus the draft number (RFC 9000 section 15). */
const DRAFT_PREFIX = 0xff0000;
const FIRST_DRAFT = 11;
const LAST_DRAFT = 34;
/** Reserved versions that force version negotiation: 0x?a?a?a?a (RFC 9000 section 15). */
const NEGOTIATION_MASK = 0x0f0f0f0f;
const NEGOTIATION_PATTERN = 0x0a0a0a0a;
const NEGOTIATION_DRAFT = 29;

/** The salts tshark 4.0 knows, by the version family that introduced them. */
export const InitialSalt = {
  unknown: 0,
  draft22: 1,
  draft23: 2,
  draft29: 3,
  v1: 4,
  v2: 5,
  q050: 6,
  t050: 7,
  t051: 8,
} as const;
export type InitialSalt = typeof InitialSalt[keyof typeof InitialSalt];

/** Salt bytes by `InitialSalt` (hex); unknown has none. */
export const SALT_HEX: readonly string[] = [
  "",
  "7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a",
  "c3eef712c72ebb5a11a7d2432bb46365bef9f502",
  "afbfec289993d24c9e9786f19c6111e04390a899",
  "38762cf7f55934b34d179ae6a4c80cadccbb7f0a",
  "0dede3def700a6db819381be6e269dcbf9bd2ed9",
  "504574efd066fe2f9d945cfcdbd3a7f0d3b56b45",
  "7ff579e5acd072915580304c43a2367c60488310",
  "7a4edef4e7ccee5fa4506c19124fc8ccda6e033d",
];

/** The draft a version follows (tshark's `quic_draft_version()`), or 0 when none. */
function draftOf(version: number): number {
  if (version >>> 8 === DRAFT_PREFIX) return version & 0xff;
  if (version === MVFST_DRAFT_22) return 22;
  if (version === MVFST_DRAFT_27 || version === MVFST_EXPERIMENTAL) return 27;
  if (version === QUIC_V1) return LAST_DRAFT;
  if ((version & NEGOTIATION_MASK) === NEGOTIATION_PATTERN) return NEGOTIATION_DRAFT;
  return 0;
}

/** The Initial salt of `version`, or `InitialSalt.unknown` when we cannot open its Initials. */
export function initialSaltOf(version: number): InitialSalt {
  switch (version) {
    case QUIC_V2:
      return InitialSalt.v2;
    case GQUIC_Q050:
      return InitialSalt.q050;
    case GQUIC_T050:
      return InitialSalt.t050;
    case GQUIC_T051:
      return InitialSalt.t051;
  }
  const draft = draftOf(version);
  if (draft < FIRST_DRAFT || draft > LAST_DRAFT) return InitialSalt.unknown;
  if (draft <= 22) return InitialSalt.draft22;
  if (draft <= 28) return InitialSalt.draft23;
  if (draft <= 32) return InitialSalt.draft29;
  return InitialSalt.v1;
}

/** Whether this inspector knows the Initial salt of `version`. */
export function isKnownVersion(version: number): boolean {
  return initialSaltOf(version) !== InitialSalt.unknown;
}

/**
 * Whether `version` frames its Initials the Google way (Q050, T050, T051): CRYPTO is frame type
 * 0x08 and PING 0x07, where IETF QUIC has 0x06 and 0x01 (tshark's packet-gquic.c); the CRYPTO
 * frame's offset and length are varints in both.
 */
export function isGoogleQuic(version: number): boolean {
  return version === GQUIC_Q050 || version === GQUIC_T050 || version === GQUIC_T051;
}
