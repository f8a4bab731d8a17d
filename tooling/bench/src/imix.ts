import { SeededRandom } from './random.js';

/** IMIX frame sizes in the classic 7:4:1 ratio (Ethernet frame length without FCS). */
export const IMIX_SIZES = [64, 576, 1514] as const;
const IMIX_PATTERN = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2] as const;

export interface ImixOptions {
  seed?: number;
}

/**
 * Deterministic IMIX traffic: Ethernet II frames carrying IPv4 (75%) or IPv6 (25%), with TCP (60%),
 * UDP (30%) or ICMP/ICMPv6 (10%). Ports are drawn from a small set that includes 80, 443 and 53 so
 * filters like `tcp port 80` select a realistic share. Headers are well formed (lengths set, IPv4
 * header checksum valid); payloads are random bytes. `next(out)` writes the frame into `out` and
 * returns its length, allocating nothing.
 */
export class ImixGenerator {
  private readonly rng: SeededRandom;
  private index = 0;
  constructor(options: ImixOptions = {}) {
    this.rng = new SeededRandom(options.seed ?? 0x1a2b3c4d);
  }

  /** Writes the next frame into `out` (≥ 1514 bytes) and returns its length. */
  next(out: Uint8Array): number {
    const rng = this.rng;
    const size = IMIX_SIZES[IMIX_PATTERN[this.index++ % IMIX_PATTERN.length]!]!;
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const ipv6 = rng.below(4) === 0;
    const l4pick = rng.below(10);
    const proto = l4pick < 6 ? 6 : l4pick < 9 ? 17 : ipv6 ? 58 : 1;
    // Ethernet: locally administered unicast MACs from a small pool.
    out.set([0x02, 0, 0, 0, 0, 1 + rng.below(16)], 0);
    out.set([0x02, 0, 0, 0, 1, 1 + rng.below(16)], 6);
    view.setUint16(12, ipv6 ? 0x86dd : 0x0800);
    let l4 = 14;
    if (ipv6) {
      view.setUint32(14, 0x60000000);
      view.setUint16(18, size - 54);
      out[20] = proto;
      out[21] = 64;
      out.set([0x20, 0x01, 0x0d, 0xb8], 22);
      rng.fill(out, 26, 38);
      out.set([0x20, 0x01, 0x0d, 0xb8], 38);
      rng.fill(out, 42, 54);
      l4 = 54;
    } else {
      out[14] = 0x45;
      out[15] = 0;
      view.setUint16(16, size - 14);
      view.setUint16(18, rng.below(65536));
      view.setUint16(20, 0x4000);
      out[22] = 64;
      out[23] = proto;
      view.setUint16(24, 0);
      view.setUint32(26, 0x0a000000 | rng.below(1 << 16));
      view.setUint32(30, 0x0a010000 | rng.below(1 << 16));
      view.setUint16(24, ipv4HeaderChecksum(out, 14));
      l4 = 34;
    }
    if (proto === 6 || proto === 17) {
      const ports = [80, 443, 53, 22, 8080, 5353];
      const server = ports[rng.below(ports.length)]!;
      const client = 1024 + rng.below(60000);
      const toServer = rng.below(2) === 0;
      view.setUint16(l4, toServer ? client : server);
      view.setUint16(l4 + 2, toServer ? server : client);
      if (proto === 6) {
        view.setUint32(l4 + 4, rng.u32());
        view.setUint32(l4 + 8, rng.u32());
        out[l4 + 12] = 0x50;
        out[l4 + 13] = [0x02, 0x10, 0x18, 0x11, 0x12][rng.below(5)]!;
        view.setUint16(l4 + 14, 65535);
        view.setUint32(l4 + 16, 0);
        rng.fill(out, l4 + 20, size);
      } else {
        view.setUint16(l4 + 4, size - l4);
        view.setUint16(l4 + 6, 0);
        rng.fill(out, l4 + 8, size);
      }
    } else {
      out[l4] = ipv6 ? 128 : 8;
      out[l4 + 1] = 0;
      view.setUint16(l4 + 2, 0);
      rng.fill(out, l4 + 4, size);
    }
    return size;
  }
}

export function ipv4HeaderChecksum(bytes: Uint8Array, offset: number): number {
  const ihl = (bytes[offset]! & 0x0f) * 4;
  let sum = 0;
  for (let i = 0; i < ihl; i += 2) {
    if (i === 10) continue;
    sum += (bytes[offset + i]! << 8) | bytes[offset + i + 1]!;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
