import { EPB_DROPCOUNT, EPB_FLAGS, EPB_HASH, EPB_PACKETID, EPB_QUEUE, EPB_VERDICT } from './constants.js';
import { OPT_COMMENT, optionText, type PcapngOption } from './options.js';

/** epb_flags decoded (pcapng spec §4.3.1). */
export interface PacketFlags {
  /** The whole 32-bit word. */
  readonly raw: number;
  /** 0 not available, 1 inbound, 2 outbound. */
  readonly direction: number;
  /** 0 unspecified, 1 unicast, 2 multicast, 3 broadcast, 4 promiscuous. */
  readonly reception: number;
  /** FCS length in bytes (0 = not available). */
  readonly fcsLength: number;
  /** Bits 16-31: link-layer dependent errors (bit 31 symbol error … bit 24 CRC error). */
  readonly linkLayerErrors: number;
}

/** The standard EPB (and obsolete PB) options, decoded; every option stays available in `all`. */
export interface PacketOptions {
  readonly flags: PacketFlags | undefined;
  /** epb_hash: algorithm byte (0 2s-complement, 1 XOR, 2 CRC32, 3 MD5, 4 SHA-1, 5 Toeplitz) and value. */
  readonly hashes: readonly { readonly algorithm: number; readonly value: Uint8Array }[];
  readonly dropCount: bigint | undefined;
  readonly packetId: bigint | undefined;
  readonly queue: number | undefined;
  /** epb_verdict: type byte (0 hardware, 1 Linux eBPF TC, 2 Linux eBPF XDP) and value. */
  readonly verdicts: readonly { readonly type: number; readonly value: Uint8Array }[];
  readonly comments: readonly string[];
  readonly all: readonly PcapngOption[];
}

export function decodeFlags(raw: number): PacketFlags {
  return {
    raw,
    direction: raw & 0x3,
    reception: (raw >>> 2) & 0x7,
    fcsLength: (raw >>> 5) & 0xf,
    linkLayerErrors: (raw >>> 16) & 0xffff,
  };
}

export function decodePacketOptions(all: readonly PcapngOption[], littleEndian: boolean): PacketOptions {
  let flags: PacketFlags | undefined;
  const hashes: { algorithm: number; value: Uint8Array }[] = [];
  let dropCount: bigint | undefined;
  let packetId: bigint | undefined;
  let queue: number | undefined;
  const verdicts: { type: number; value: Uint8Array }[] = [];
  const comments: string[] = [];
  for (const option of all) {
    const v = option.value;
    const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
    switch (option.code) {
      case OPT_COMMENT:
        comments.push(optionText(v));
        break;
      case EPB_FLAGS:
        if (v.length === 4) flags = decodeFlags(view.getUint32(0, littleEndian));
        break;
      case EPB_HASH:
        if (v.length >= 1) hashes.push({ algorithm: v[0]!, value: v.subarray(1) });
        break;
      case EPB_DROPCOUNT:
        if (v.length === 8) dropCount = view.getBigUint64(0, littleEndian);
        break;
      case EPB_PACKETID:
        if (v.length === 8) packetId = view.getBigUint64(0, littleEndian);
        break;
      case EPB_QUEUE:
        if (v.length === 4) queue = view.getUint32(0, littleEndian);
        break;
      case EPB_VERDICT:
        if (v.length >= 1) verdicts.push({ type: v[0]!, value: v.subarray(1) });
        break;
    }
  }
  return { flags, hashes, dropCount, packetId, queue, verdicts, comments, all };
}
