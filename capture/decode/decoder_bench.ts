/** Throughput of `decodeFrame()` on the fixture frames (target: well above 2M frames/s). */
import { DecodedPacket } from "./packet.ts";
import { decodeFrame } from "./decoder.ts";
import { ALL_FRAMES } from "./testdata/all_frames.ts";
import { ETH_TCP_SYN_ACK } from "./testdata/ipv4_frames.ts";

const out = new DecodedPacket();
const mix = ALL_FRAMES.map(([, f]) => ({
  view: new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length),
  linkType: f.linkType,
  wireLen: f.wireLen,
}));
const tcp = new DataView(ETH_TCP_SYN_ACK.bytes.buffer);

Deno.bench("decodeFrame() Ethernet/IPv4/TCP SYN-ACK", () => {
  decodeFrame(1, tcp, 0, 74, 74, out);
});

Deno.bench(`decodeFrame() round-robin over ${mix.length} fixture frames`, () => {
  for (const f of mix) decodeFrame(f.linkType, f.view, 0, f.view.byteLength, f.wireLen, out);
});
