import { copyBytes } from '../bytes.js';
import { CaptureFormatError } from '../errors.js';
import type { CaptureInterface } from '../interface.js';
import { interfaceFromIdb } from '../interface-state.js';
import type { ResolvedReadOptions } from '../limits.js';
import type { CaptureRecord } from '../record.js';
import {
  type BlockSpan,
  decodeCustom,
  decodeDsb,
  decodeIdb,
  decodeIsb,
  decodeNrb,
  decodeShb,
  decodeUnknown,
  type PcapngBlock,
} from './blocks.js';
import {
  BT_CB,
  BT_DCB,
  BT_DSB,
  BT_EPB,
  BT_IDB,
  BT_ISB,
  BT_NRB,
  BT_PB,
  BT_SHB,
  BT_SPB,
  BYTE_ORDER_MAGIC,
} from './constants.js';
import { checkOptions, parseOptions } from './options.js';

const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

/**
 * Incremental pcapng block parser. `step` looks at one block in `bytes[pos..end)`: it returns the
 * block length once the whole block is present (filling `record` for packet blocks), or 0 with
 * `needed` set when more bytes are required. It never reads past `end` and checks every length
 * against the configured limits before asking for more, so a driver's buffer stays bounded.
 */
export class PcapngParser {
  needed = 0;
  /** Set by `step` when the block was a packet and `record` now describes it. */
  produced = false;
  section = -1;
  littleEndian = true;
  interfaces: CaptureInterface[] = [];
  /** Called with every non-packet block, in file order (allocates; leave unset for speed). */
  onBlock: ((block: PcapngBlock) => void) | undefined;
  private skipping = false;
  private readonly span: BlockSpan = {
    bytes: new Uint8Array(0),
    view: new DataView(new ArrayBuffer(0)),
    start: 0,
    end: 0,
    offset: 0,
    section: 0,
    littleEndian: true,
  };

  constructor(private readonly options: ResolvedReadOptions) {}

  step(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    end: number,
    base: number,
    record: CaptureRecord,
  ): number {
    this.produced = false;
    const avail = end - pos;
    if (avail < 12) {
      this.needed = 12;
      return 0;
    }
    const first = view.getUint32(pos, true);
    let le = this.littleEndian;
    let limit = this.options.maxBlockSize;
    if (first === BT_SHB) {
      const bom = view.getUint32(pos + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (bom === BYTE_ORDER_MAGIC_SWAPPED) le = false;
      else
        throw new CaptureFormatError(
          'BAD_MAGIC',
          'section header with a bad byte-order magic',
          base + pos + 8,
        );
      limit = this.options.maxSectionHeaderSize;
    } else if (this.section < 0) {
      throw new CaptureFormatError(
        'BAD_MAGIC',
        'pcapng file does not start with a section header',
        base + pos,
      );
    }
    const length = view.getUint32(pos + 4, le);
    const type = view.getUint32(pos, le);
    if (length < 12 || (type === BT_SHB && length < 28)) {
      throw new CaptureFormatError('BAD_BLOCK', `block length ${length} too small`, base + pos + 4);
    }
    if (length % 4 !== 0) {
      throw new CaptureFormatError('BAD_BLOCK', `block length ${length} not a multiple of 4`, base + pos + 4);
    }
    if (length > limit) {
      throw new CaptureFormatError(
        'LIMIT_EXCEEDED',
        `block of ${length} bytes exceeds the ${limit}-byte limit`,
        base + pos + 4,
      );
    }
    if (avail < length) {
      this.needed = length;
      return 0;
    }
    if (view.getUint32(pos + length - 4, le) !== length) {
      throw new CaptureFormatError(
        'BAD_BLOCK',
        'block trailer length differs from its header',
        base + pos + length - 4,
      );
    }
    if (type === BT_EPB) {
      if (!this.skipping) this.epb(bytes, view, pos, length, base, record, le);
      return length;
    }
    if (type === BT_SHB) {
      this.shb(bytes, view, pos, length, base, le);
      return length;
    }
    if (this.skipping) return length;
    switch (type) {
      case BT_SPB:
        this.spb(bytes, view, pos, length, base, record, le);
        break;
      case BT_PB:
        this.pb(bytes, view, pos, length, base, record, le);
        break;
      case BT_IDB:
        this.idb(bytes, view, pos, length, base, le);
        break;
      default: {
        // Decoded even without a listener, so validation never depends on whether one is set.
        const block = this.decodeOther(bytes, view, pos, length, base, type);
        if (this.onBlock !== undefined) this.onBlock(block);
      }
    }
    return length;
  }

  private setSpan(bytes: Uint8Array, view: DataView, pos: number, length: number, base: number): BlockSpan {
    const span = this.span;
    span.bytes = bytes;
    span.view = view;
    span.start = pos;
    span.end = pos + length;
    span.offset = base + pos;
    span.section = this.section;
    span.littleEndian = this.littleEndian;
    return span;
  }

  private shb(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    le: boolean,
  ): void {
    const major = view.getUint16(pos + 12, le);
    const minor = view.getUint16(pos + 14, le);
    this.section++;
    this.littleEndian = le;
    this.interfaces = [];
    this.skipping = false;
    if (major !== 1) {
      // The first section decides whether this is a pcapng file at all: refuse, as Wireshark does.
      if (this.section === 0 || this.options.unknownVersion === 'error') {
        throw new CaptureFormatError(
          'UNSUPPORTED_VERSION',
          `unknown SHB version ${major}.${minor}`,
          base + pos + 12,
        );
      }
      this.skipping = true;
    } else if (minor !== 0 && minor !== 2) {
      // 1.2 was written by some tools and is read as 1.0 by libpcap and Wireshark; other minors are not.
      throw new CaptureFormatError(
        'UNSUPPORTED_VERSION',
        `unknown SHB version ${major}.${minor}`,
        base + pos + 12,
      );
    }
    const span = this.setSpan(bytes, view, pos, length, base);
    const block = decodeShb(span, this.skipping);
    if (this.onBlock !== undefined) this.onBlock(block);
  }

  private idb(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    le: boolean,
  ): void {
    if (length < 20) throw new CaptureFormatError('BAD_BLOCK', 'IDB block too short', base + pos);
    const linkType = view.getUint16(pos + 8, le);
    const snaplen = view.getUint32(pos + 12, le);
    // Copy: the interface outlives the chunk a streaming reader found it in.
    const copy = copyBytes(bytes, pos, pos + length);
    const options = parseOptions(copy, 16, length - 4, le, base + pos + 16);
    const iface = interfaceFromIdb(this.interfaces.length, this.section, linkType, snaplen, options, le);
    this.interfaces.push(iface);
    if (this.onBlock !== undefined) {
      this.onBlock(decodeIdb(this.setSpan(copy, new DataView(copy.buffer), 0, length, base + pos), iface));
    }
  }

  private decodeOther(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    type: number,
  ): PcapngBlock {
    const span = this.setSpan(bytes, view, pos, length, base);
    switch (type) {
      case BT_NRB:
        return decodeNrb(span);
      case BT_ISB: {
        const id = view.getUint32(pos + 8, this.littleEndian);
        return decodeIsb(span, this.interfaces[id]);
      }
      case BT_DSB:
        return decodeDsb(span);
      case BT_CB:
      case BT_DCB:
        return decodeCustom(span, type);
      default:
        return decodeUnknown(span, type);
    }
  }

  private iface(id: number, offset: number): CaptureInterface {
    const iface = this.interfaces[id];
    if (iface === undefined) {
      throw new CaptureFormatError(
        'BAD_INTERFACE',
        `interface ${id} not defined (section has ${this.interfaces.length})`,
        offset,
      );
    }
    return iface;
  }

  private packet(
    record: CaptureRecord,
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    le: boolean,
    fixed: number,
    capLen: number,
    iface: CaptureInterface,
  ): void {
    const dataStart = pos + 8 + fixed;
    const bodyEnd = pos + length - 4;
    if (capLen > bodyEnd - dataStart) {
      throw new CaptureFormatError(
        'BAD_BLOCK',
        `captured length ${capLen} runs past its block`,
        base + pos + 20,
      );
    }
    if (capLen > this.options.maxCaptureLength) {
      throw new CaptureFormatError(
        'LIMIT_EXCEEDED',
        `captured length ${capLen} exceeds the ${this.options.maxCaptureLength}-byte limit`,
        base + pos,
      );
    }
    record.offset = base + pos;
    record.interface = iface;
    record.linkType = iface.linkType;
    record.captureLength = capLen;
    record.dataLength = capLen;
    record.buffer = bytes;
    record.dataOffset = dataStart;
    record.littleEndian = le;
    record.truncated = false;
    record.splitTimestamp = false;
    const optionsStart = dataStart + ((capLen + 3) & ~3);
    if (fixed !== 4 && optionsStart < bodyEnd) {
      // (SPBs, fixed part 4 bytes, have no options.) Validated now, decoded only if asked: a bad option fails the read, not a later getter.
      checkOptions(view, optionsStart, bodyEnd, le, base + optionsStart);
      record.optionsStart = optionsStart;
      record.optionsEnd = bodyEnd;
    } else {
      record.optionsStart = 0;
      record.optionsEnd = 0;
    }
    this.produced = true;
  }

  private epb(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    record: CaptureRecord,
    le: boolean,
  ): void {
    if (length < 32) throw new CaptureFormatError('BAD_BLOCK', 'EPB block too short', base + pos);
    const id = view.getUint32(pos + 8, le);
    const iface = this.iface(id, base + pos + 8);
    record.kind = 'epb';
    record.interfaceId = id;
    record.tsHigh = view.getUint32(pos + 12, le);
    record.tsLow = view.getUint32(pos + 16, le);
    record.hasTimestamp = true;
    record.originalLength = view.getUint32(pos + 24, le);
    this.packet(record, bytes, view, pos, length, base, le, 20, view.getUint32(pos + 20, le), iface);
  }

  private pb(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    record: CaptureRecord,
    le: boolean,
  ): void {
    if (length < 32) throw new CaptureFormatError('BAD_BLOCK', 'PB block too short', base + pos);
    const id = view.getUint16(pos + 8, le);
    const iface = this.iface(id, base + pos + 8);
    record.kind = 'pb';
    record.interfaceId = id;
    record.dropsCount = view.getUint16(pos + 10, le);
    record.tsHigh = view.getUint32(pos + 12, le);
    record.tsLow = view.getUint32(pos + 16, le);
    record.hasTimestamp = true;
    record.originalLength = view.getUint32(pos + 24, le);
    this.packet(record, bytes, view, pos, length, base, le, 20, view.getUint32(pos + 20, le), iface);
  }

  private spb(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    base: number,
    record: CaptureRecord,
    le: boolean,
  ): void {
    if (length < 16) throw new CaptureFormatError('BAD_BLOCK', 'SPB block too short', base + pos);
    const iface = this.iface(0, base + pos);
    const originalLength = view.getUint32(pos + 8, le);
    // No caplen field: it is the original length cut to IDB 0's snaplen (0 = no limit).
    let capLen = iface.snaplen !== 0 && originalLength > iface.snaplen ? iface.snaplen : originalLength;
    const room = length - 16;
    if (capLen > room) capLen = room;
    record.kind = 'spb';
    record.interfaceId = 0;
    record.tsHigh = 0;
    record.tsLow = 0;
    record.hasTimestamp = false;
    record.originalLength = originalLength;
    this.packet(record, bytes, view, pos, length, base, le, 4, capLen, iface);
  }
}
