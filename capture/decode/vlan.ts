/** IEEE 802.1Q VLAN tags, and the 802.1ad (QinQ) stacks of them. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";

/**
 * Most VLAN tags read before the frame is called malformed. 802.1ad stacks two and some carriers
 * a third; a fourth leaves a margin. Without a bound a frame made of tags (a "tag storm") would
 * cost up to 375 reads; Wireshark itself gives up after about 20.
 */
export const MAX_VLAN_TAGS = 4;
/** Tag control information (PCP, DEI, VLAN ID), then the next type: 802.1Q clause 9. */
export const VLAN_TAG_LEN = 4;
const VLAN_ID_MASK = 0x0fff;

/** Tag protocol identifiers: 802.1Q, 802.1ad, and the pre-standard QinQ value 0x9100. */
export function isVlanTpid(type: number): boolean {
  return type === 0x8100 || type === 0x88a8 || type === 0x9100;
}

/**
 * Skip the tags that start at `off`, the first one announced by the TPID `tpid`. Sets
 * `vlanCount`, `vlanId` (outer-most tag), the `Encap` bits and `etherType` (the type after the
 * last tag), and returns the offset after the last tag; or, for a tag cut short or more than
 * `MAX_VLAN_TAGS` of them, sets `error` and `l3` and returns -1.
 */
export function skipVlanTags(
  tpid: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): number {
  let type = tpid;
  let p = off;
  let count = 0;
  while (isVlanTpid(type)) {
    if (count === MAX_VLAN_TAGS || end - p < VLAN_TAG_LEN) {
      setTagCount(count, out);
      out.l3 = L3.other;
      out.error = DecodeError.badVlan;
      return -1;
    }
    if (count === 0) out.vlanId = data.getUint16(p) & VLAN_ID_MASK;
    type = data.getUint16(p + 2);
    p += VLAN_TAG_LEN;
    count++;
  }
  setTagCount(count, out);
  out.etherType = type;
  return p;
}

function setTagCount(count: number, out: DecodedPacket): void {
  out.vlanCount = count;
  if (count > 0) out.encapsulation |= Encap.vlan;
  if (count > 1) out.encapsulation |= Encap.qinq;
}

/**
 * Skip the tags of a frame carried inside another (a pseudowire's, a bridged frame's) at `off`,
 * as `skipVlanTags()` does but without counting them: the VLAN fields describe the outer frame.
 */
export function skipInnerVlanTags(
  tpid: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): number {
  let type = tpid;
  let p = off;
  for (let count = 0; isVlanTpid(type); count++) {
    if (count === MAX_VLAN_TAGS || end - p < VLAN_TAG_LEN) {
      out.l3 = L3.other;
      out.error = DecodeError.badVlan;
      return -1;
    }
    type = data.getUint16(p + 2);
    p += VLAN_TAG_LEN;
  }
  out.etherType = type;
  return p;
}
