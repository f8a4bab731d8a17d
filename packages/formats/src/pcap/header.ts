import { CaptureFormatError } from '../errors.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Alexey Kuznetsov's "modified" pcap: 8 more bytes per record header (ifindex, protocol, type). */
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
export const PCAP_HEADER_LENGTH = 24;

/** The 24-byte classic pcap file header, decoded, with the raw words kept for lossless rewriting. */
export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanosecond: boolean;
  readonly modified: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  /** GMT-to-local correction; always 0 in practice. */
  readonly thiszone: number;
  readonly sigfigs: number;
  readonly snaplen: number;
  /** The whole link-type word, FCS bits included. */
  readonly linkTypeWord: number;
  readonly linkType: number;
  /** FCS length in bytes when the link-type word says it (F bit set), else undefined. */
  readonly fcsLength: number | undefined;
}

/** Returns the header if `bytes` starts with a pcap magic in either order, else undefined. */
export function sniffPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
  for (const le of [true, false]) {
    const magic = view.getUint32(0, le);
    if (magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS || magic === PCAP_MAGIC_MODIFIED) return true;
  }
  return false;
}

/** Decodes the link-type word: bits 0-15 link type, 16-25 reserved, 26 F, 28-31 FCS length in 16-bit words. */
export function decodeLinkTypeWord(
  word: number,
  offset: number,
): { linkType: number; fcsLength: number | undefined } {
  if (word & 0x03ff0000) {
    throw new CaptureFormatError(
      'BAD_LINKTYPE',
      `link-type reserved bits not zero (0x${(word & 0x03ff0000).toString(16).padStart(8, '0')})`,
      offset,
    );
  }
  return {
    linkType: word & 0xffff,
    fcsLength: word & 0x04000000 ? ((word >>> 28) & 0xf) * 2 : undefined,
  };
}

export function encodeLinkTypeWord(linkType: number, fcsLength: number | undefined): number {
  if (fcsLength === undefined) return linkType & 0xffff;
  if (fcsLength % 2 !== 0 || fcsLength > 30) {
    throw new CaptureFormatError('BAD_ARGUMENT', `FCS length ${fcsLength} not expressible in pcap`, 0);
  }
  return ((linkType & 0xffff) | 0x04000000 | ((fcsLength / 2) << 28)) >>> 0;
}

export function parsePcapHeader(bytes: Uint8Array, pos: number, fileOffset: number): PcapHeader {
  if (bytes.length - pos < PCAP_HEADER_LENGTH) {
    throw new CaptureFormatError('TRUNCATED', 'file shorter than the 24-byte pcap header', fileOffset);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos, PCAP_HEADER_LENGTH);
  let littleEndian = true;
  let magic = view.getUint32(0, true);
  if (magic !== PCAP_MAGIC_US && magic !== PCAP_MAGIC_NS && magic !== PCAP_MAGIC_MODIFIED) {
    littleEndian = false;
    magic = view.getUint32(0, false);
  }
  if (magic !== PCAP_MAGIC_US && magic !== PCAP_MAGIC_NS && magic !== PCAP_MAGIC_MODIFIED) {
    throw new CaptureFormatError('BAD_MAGIC', 'not a pcap file (bad magic)', fileOffset);
  }
  const versionMajor = view.getUint16(4, littleEndian);
  const versionMinor = view.getUint16(6, littleEndian);
  // The format has been 2.4 since 1998. libpcap accepts 2.0-2.4 only; Wireshark any 2.x and up. We
  // follow libpcap: a 2.5 header (libpcap's own invalid test file) is corruption, not a new format.
  if (versionMajor !== 2 || versionMinor > 4) {
    throw new CaptureFormatError(
      'UNSUPPORTED_VERSION',
      `pcap version ${versionMajor}.${versionMinor} unsupported`,
      fileOffset + 4,
    );
  }
  const linkTypeWord = view.getUint32(20, littleEndian);
  const { linkType, fcsLength } = decodeLinkTypeWord(linkTypeWord, fileOffset + 20);
  return {
    littleEndian,
    nanosecond: magic === PCAP_MAGIC_NS,
    modified: magic === PCAP_MAGIC_MODIFIED,
    versionMajor,
    versionMinor,
    thiszone: view.getInt32(8, littleEndian),
    sigfigs: view.getUint32(12, littleEndian),
    snaplen: view.getUint32(16, littleEndian),
    linkTypeWord,
    linkType,
    fcsLength,
  };
}

export function encodePcapHeader(header: PcapHeader): Uint8Array {
  const out = new Uint8Array(PCAP_HEADER_LENGTH);
  const view = new DataView(out.buffer);
  const le = header.littleEndian;
  const magic = header.modified ? PCAP_MAGIC_MODIFIED : header.nanosecond ? PCAP_MAGIC_NS : PCAP_MAGIC_US;
  view.setUint32(0, magic, le);
  view.setUint16(4, header.versionMajor, le);
  view.setUint16(6, header.versionMinor, le);
  view.setInt32(8, header.thiszone, le);
  view.setUint32(12, header.sigfigs, le);
  view.setUint32(16, header.snaplen, le);
  view.setUint32(20, header.linkTypeWord, le);
  return out;
}
