import { CaptureFormatError } from '../errors.js';
import type { CaptureInterface } from '../interface.js';
import { interfaceFromIdb } from '../interface-state.js';
import type {
  CustomBlock,
  DecryptionSecretsBlock,
  InterfaceStatisticsBlock,
  NameResolutionBlock,
  PcapngBlock,
  UnknownBlock,
} from '../pcapng/blocks.js';
import {
  BT_DSB,
  BT_EPB,
  BT_IDB,
  BT_ISB,
  BT_NRB,
  BT_PB,
  BT_SHB,
  BT_SPB,
  BYTE_ORDER_MAGIC,
  IF_DESCRIPTION,
  IF_FCSLEN,
  IF_FILTER,
  IF_NAME,
  IF_TSOFFSET,
  IF_TSRESOL,
  SHB_USERAPPL,
} from '../pcapng/constants.js';
import {
  optionsLength,
  type PcapngOption,
  parseOptions,
  swapOptionOrder,
  textOption,
  writeOptions,
} from '../pcapng/options.js';
import type { CaptureRecord } from '../record.js';
import { nsToUnits, type TimestampResolution, tsresolByte } from '../timestamp.js';
import { type ByteSink, OutputBuffer } from './output.js';
import { type PacketInput, splitTime } from './packet-input.js';

export interface SectionInput {
  littleEndian?: boolean;
  versionMajor?: number;
  versionMinor?: number;
  /** -1n (default) for "not specified". */
  sectionLength?: bigint;
  options?: readonly PcapngOption[];
  /** Options area copied verbatim (lossless rewriting); wins over `options` when byte orders match. */
  rawOptions?: Uint8Array;
}

export interface InterfaceInput {
  linkType: number;
  /** 0 = unlimited (default). */
  snaplen?: number;
  reserved?: number;
  name?: string;
  description?: string;
  /** Timestamp unit of this interface's packets (default microseconds). */
  resolution?: TimestampResolution;
  /** if_tsoffset in seconds. */
  tsOffset?: bigint;
  fcsLength?: number;
  filter?: { type: number; data: Uint8Array };
  /** Full option list; when given, the convenience fields above are not added. */
  options?: readonly PcapngOption[];
  rawOptions?: Uint8Array;
  littleEndian?: boolean;
}

export interface PcapngWriterOptions {
  littleEndian?: boolean;
  /** Output buffer size (default 1 MiB). */
  bufferSize?: number;
}

/**
 * Streaming pcapng writer. Sections and interfaces are declared with `writeSectionHeader` and
 * `addInterface` (a default SHB is written if a block comes first); packets become EPBs. Every
 * block read by a reader's `onBlock` can be passed back to `writeBlock`, and every record to
 * `writeRecord`, which together reproduce a file byte for byte.
 */
export class PcapngWriter {
  private readonly out: OutputBuffer;
  private le: boolean;
  private started = false;
  private interfaces: CaptureInterface[] = [];

  constructor(sink: ByteSink, options: PcapngWriterOptions = {}) {
    this.le = options.littleEndian ?? true;
    this.out = new OutputBuffer(sink, options.bufferSize);
  }

  /** Starts a section (resets the interface table). */
  writeSectionHeader(section: SectionInput = {}): void {
    const le = section.littleEndian ?? this.le;
    this.le = le;
    this.started = true;
    this.interfaces = [];
    const options = this.optionBytes(
      section,
      le,
      () => section.options ?? [textOption(SHB_USERAPPL, '@pktkit/formats')],
    );
    const pos = this.begin(BT_SHB, 16 + options.length);
    const view = this.out.view;
    view.setUint32(pos + 8, BYTE_ORDER_MAGIC, le);
    view.setUint16(pos + 12, section.versionMajor ?? 1, le);
    view.setUint16(pos + 14, section.versionMinor ?? 0, le);
    view.setBigInt64(pos + 16, section.sectionLength ?? -1n, le);
    this.out.buf.set(options, pos + 24);
  }

  /** Declares an interface in the current section; returns its id. */
  addInterface(input: InterfaceInput): number {
    this.ensureSection();
    const le = this.le;
    const options = this.optionBytes(input, le, () =>
      this.inOrder(interfaceOptions(input, le), input, 'idb'),
    );
    const pos = this.begin(BT_IDB, 8 + options.length);
    const view = this.out.view;
    view.setUint16(pos + 8, input.linkType, le);
    view.setUint16(pos + 10, input.reserved ?? 0, le);
    view.setUint32(pos + 12, input.snaplen ?? 0, le);
    this.out.buf.set(options, pos + 16);
    const id = this.interfaces.length;
    const parsed = parseOptions(options, 0, options.length, le, 0);
    this.interfaces.push(interfaceFromIdb(id, 0, input.linkType, input.snaplen ?? 0, parsed, le));
    return id;
  }

  /** Writes a block as handed out by a reader's `onBlock` (SHB and IDB included). */
  writeBlock(block: PcapngBlock): void {
    switch (block.type) {
      case 'shb':
        this.writeSectionHeader(block);
        return;
      case 'idb':
        this.addInterface({ ...block, littleEndian: block.littleEndian });
        return;
      case 'nrb':
        this.writeNameResolution(block);
        return;
      case 'isb':
        this.writeStatistics(block);
        return;
      case 'dsb':
        this.writeSecrets(block);
        return;
      case 'custom':
        this.writeCustom(block);
        return;
      case 'unknown':
        this.writeUnknown(block);
        return;
    }
  }

  writeNameResolution(
    block: Pick<NameResolutionBlock, 'rawRecords' | 'options'> & {
      rawOptions?: Uint8Array;
      littleEndian?: boolean;
    },
  ): void {
    this.ensureSection();
    const options = this.optionBytes(block, this.le, () => block.options);
    const records = block.rawRecords;
    const pos = this.begin(BT_NRB, records.length + options.length);
    this.out.buf.set(records, pos + 8);
    this.out.buf.set(options, pos + 8 + records.length);
  }

  writeStatistics(
    block: Pick<InterfaceStatisticsBlock, 'interfaceId' | 'tsHigh' | 'tsLow' | 'options'> & {
      rawOptions?: Uint8Array;
      littleEndian?: boolean;
    },
  ): void {
    this.ensureSection();
    const options = this.optionBytes(block, this.le, () => this.inOrder(block.options, block, 'isb'));
    const pos = this.begin(BT_ISB, 12 + options.length);
    const view = this.out.view;
    view.setUint32(pos + 8, block.interfaceId, this.le);
    view.setUint32(pos + 12, block.tsHigh, this.le);
    view.setUint32(pos + 16, block.tsLow, this.le);
    this.out.buf.set(options, pos + 20);
  }

  writeSecrets(
    block: Pick<DecryptionSecretsBlock, 'secretsType' | 'data' | 'options'> & {
      rawOptions?: Uint8Array;
      littleEndian?: boolean;
    },
  ): void {
    this.ensureSection();
    const options = this.optionBytes(block, this.le, () => block.options);
    const padded = (block.data.length + 3) & ~3;
    const pos = this.begin(BT_DSB, 8 + padded + options.length);
    const view = this.out.view;
    view.setUint32(pos + 8, block.secretsType, this.le);
    view.setUint32(pos + 12, block.data.length, this.le);
    this.out.buf.set(block.data, pos + 16);
    this.out.buf.fill(0, pos + 16 + block.data.length, pos + 16 + padded);
    this.out.buf.set(options, pos + 16 + padded);
  }

  /** Custom block; `body` (data and options after the PEN) is written verbatim, padded to 4 bytes. */
  writeCustom(block: Pick<CustomBlock, 'blockType' | 'pen' | 'body'>): void {
    this.ensureSection();
    const padded = (block.body.length + 3) & ~3;
    const pos = this.begin(block.blockType, 4 + padded);
    this.out.view.setUint32(pos + 8, block.pen, this.le);
    this.out.buf.set(block.body, pos + 12);
    this.out.buf.fill(0, pos + 12 + block.body.length, pos + 12 + padded);
  }

  /** Any block type, body verbatim (padded to 4 bytes). */
  writeUnknown(block: Pick<UnknownBlock, 'blockType' | 'body'>): void {
    this.ensureSection();
    const padded = (block.body.length + 3) & ~3;
    const pos = this.begin(block.blockType, padded);
    this.out.buf.set(block.body, pos + 8);
    this.out.buf.fill(0, pos + 8 + block.body.length, pos + 8 + padded);
  }

  /** Writes a packet as an Enhanced Packet Block, converting its time to the interface's unit. */
  writePacket(packet: PacketInput): boolean {
    const id = packet.interfaceId ?? 0;
    const iface = this.iface(id);
    const { seconds, nanoseconds } = splitTime(packet);
    let high: number;
    let low: number;
    if (iface.unitsPerSecond === 1_000_000n && iface.tsOffset === 0n) {
      // Common case without bigints: µs fit a double exactly until the year 287396.
      const units = seconds * 1e6 + Math.floor(nanoseconds / 1000);
      high = Math.floor(units / 4294967296);
      low = units >>> 0;
    } else {
      const ns = (BigInt(seconds) - iface.tsOffset) * 1_000_000_000n + BigInt(nanoseconds);
      const units = nsToUnits(ns, iface.unitsPerSecond);
      high = Number((units >> 32n) & 0xffffffffn);
      low = Number(units & 0xffffffffn);
    }
    const data = packet.data;
    const options = packet.options;
    return this.writeEpb(
      BT_EPB,
      id,
      high,
      low,
      data.length,
      packet.originalLength ?? data.length,
      data,
      0,
      data.length,
      options && options.length > 0 ? encodeOptions(options, this.le) : undefined,
    );
  }

  /**
   * Writes a record from a reader as the same kind of block (EPB, SPB or obsolete PB), keeping raw
   * timestamp words and the options area verbatim when the byte order matches. Records from a pcap
   * file become EPBs on interface 0 with the time converted to its unit.
   */
  writeRecord(record: CaptureRecord): boolean {
    if (record.kind === 'pcap') {
      return this.writePacket({
        data: record.data,
        timestamp: record.timestamp,
        originalLength: record.originalLength,
        interfaceId: 0,
      });
    }
    let options: Uint8Array | undefined;
    if (record.optionsEnd > record.optionsStart) {
      options =
        record.littleEndian === this.le
          ? record.rawOptions
          : encodeOptions(swapOptionOrder(record.options, 'epb'), this.le);
    }
    if (record.kind === 'spb') {
      this.ensureSection();
      const padded = (record.dataLength + 3) & ~3;
      const pos = this.begin(BT_SPB, 4 + padded);
      this.out.view.setUint32(pos + 8, record.originalLength, this.le);
      this.out.buf.set(record.data, pos + 12);
      this.out.buf.fill(0, pos + 12 + record.dataLength, pos + 12 + padded);
      return !this.out.backpressure;
    }
    return this.writeEpb(
      record.kind === 'pb' ? BT_PB : BT_EPB,
      record.interfaceId,
      record.tsHigh,
      record.tsLow,
      record.captureLength,
      record.originalLength,
      record.buffer,
      record.dataOffset,
      record.dataLength,
      options,
      record.dropsCount,
    );
  }

  private writeEpb(
    type: number,
    id: number,
    high: number,
    low: number,
    captureLength: number,
    originalLength: number,
    data: Uint8Array,
    offset: number,
    length: number,
    options: Uint8Array | undefined,
    dropsCount = 0,
  ): boolean {
    this.ensureSection();
    const padded = (length + 3) & ~3;
    const optionsLength = options === undefined ? 0 : options.length;
    const pos = this.begin(type, 20 + padded + optionsLength);
    const out = this.out;
    const view = out.view;
    const le = this.le;
    if (type === BT_PB) {
      view.setUint16(pos + 8, id, le);
      view.setUint16(pos + 10, dropsCount, le);
    } else {
      view.setUint32(pos + 8, id, le);
    }
    view.setUint32(pos + 12, high, le);
    view.setUint32(pos + 16, low, le);
    view.setUint32(pos + 20, captureLength, le);
    view.setUint32(pos + 24, originalLength, le);
    out.buf.set(data.subarray(offset, offset + length), pos + 28);
    for (let i = pos + 28 + length; i < pos + 28 + padded; i++) out.buf[i] = 0;
    if (options !== undefined) out.buf.set(options, pos + 28 + padded);
    return !out.backpressure;
  }

  /** Reserves a block of `bodyLength` bytes, writes its type, both lengths; returns its start. */
  private begin(type: number, bodyLength: number): number {
    const total = 12 + bodyLength;
    const out = this.out;
    out.reserve(total);
    const pos = out.pos;
    out.view.setUint32(pos, type, this.le);
    out.view.setUint32(pos + 4, total, this.le);
    out.view.setUint32(pos + total - 4, total, this.le);
    out.pos = pos + total;
    return pos;
  }

  private ensureSection(): void {
    if (!this.started) this.writeSectionHeader();
  }

  private iface(id: number): CaptureInterface {
    const iface = this.interfaces[id];
    if (iface === undefined) {
      throw new CaptureFormatError('BAD_ARGUMENT', `interface ${id} not added to this section`, 0);
    }
    return iface;
  }

  /** Options read from a section of the other byte order get their numeric values swapped. */
  private inOrder(
    options: readonly PcapngOption[],
    input: { littleEndian?: boolean; options?: readonly PcapngOption[] },
    kind: 'idb' | 'isb',
  ): readonly PcapngOption[] {
    const from = input.littleEndian ?? this.le;
    return from === this.le || input.options === undefined ? options : swapOptionOrder(options, kind);
  }

  /** Raw options when they can be copied as they are, else the encoded list. */
  private optionBytes(
    input: { rawOptions?: Uint8Array; littleEndian?: boolean },
    le: boolean,
    list: () => readonly PcapngOption[],
  ): Uint8Array {
    if (input.rawOptions !== undefined && (input.littleEndian ?? le) === le) {
      if (input.rawOptions.length % 4 !== 0) {
        throw new CaptureFormatError('BAD_ARGUMENT', 'raw options must be a multiple of 4 bytes', 0);
      }
      return input.rawOptions;
    }
    return encodeOptions(list(), le);
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

function encodeOptions(options: readonly PcapngOption[], le: boolean): Uint8Array {
  const out = new Uint8Array(optionsLength(options));
  writeOptions(out, new DataView(out.buffer), 0, options, le);
  return out;
}

function interfaceOptions(input: InterfaceInput, le: boolean): PcapngOption[] {
  if (input.options !== undefined) return [...input.options];
  const options: PcapngOption[] = [];
  if (input.name !== undefined) options.push(textOption(IF_NAME, input.name));
  if (input.description !== undefined) options.push(textOption(IF_DESCRIPTION, input.description));
  if (input.resolution !== undefined && !(input.resolution.base === 10 && input.resolution.exponent === 6)) {
    options.push({ code: IF_TSRESOL, value: Uint8Array.of(tsresolByte(input.resolution)) });
  }
  if (input.filter !== undefined) {
    const value = new Uint8Array(1 + input.filter.data.length);
    value[0] = input.filter.type;
    value.set(input.filter.data, 1);
    options.push({ code: IF_FILTER, value });
  }
  if (input.fcsLength !== undefined) options.push({ code: IF_FCSLEN, value: Uint8Array.of(input.fcsLength) });
  if (input.tsOffset !== undefined && input.tsOffset !== 0n) {
    const value = new Uint8Array(8);
    new DataView(value.buffer).setBigInt64(0, input.tsOffset, le);
    options.push({ code: IF_TSOFFSET, value });
  }
  return options;
}
