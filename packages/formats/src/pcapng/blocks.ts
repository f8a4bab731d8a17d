import { CaptureFormatError } from '../errors.js';
import type { CaptureInterface } from '../interface.js';
import { unitsToNs } from '../timestamp.js';
import {
  ISB_ENDTIME,
  ISB_FILTERACCEPT,
  ISB_IFDROP,
  ISB_IFRECV,
  ISB_OSDROP,
  ISB_STARTTIME,
  ISB_USRDELIV,
  NRB_RECORD_END,
  NRB_RECORD_IPV4,
  NRB_RECORD_IPV6,
} from './constants.js';
import { optionText, type PcapngOption, parseOptions } from './options.js';

/** Fields every decoded block has. Views point into the reader's buffer (copy them to keep). */
export interface BlockBase {
  /** Absolute file offset of the block. */
  readonly offset: number;
  /** Section number, from 0. */
  readonly section: number;
  readonly littleEndian: boolean;
  /** The whole block as stored, header and trailer included. */
  readonly raw: Uint8Array;
}

export interface SectionHeaderBlock extends BlockBase {
  readonly type: 'shb';
  readonly versionMajor: number;
  readonly versionMinor: number;
  /** -1n when not specified. */
  readonly sectionLength: bigint;
  readonly options: readonly PcapngOption[];
  readonly rawOptions: Uint8Array;
  /** True when the section's blocks are skipped (unknown major version). */
  readonly skipped: boolean;
}

export interface InterfaceDescriptionBlock extends BlockBase {
  readonly type: 'idb';
  readonly interface: CaptureInterface;
  readonly linkType: number;
  /** The reserved 16 bits after the link type (kept for lossless rewriting). */
  readonly reserved: number;
  readonly snaplen: number;
  readonly options: readonly PcapngOption[];
  readonly rawOptions: Uint8Array;
}

export interface NameRecord {
  /** 1 = IPv4, 2 = IPv6, anything else unknown (value kept raw). */
  readonly recordType: number;
  readonly value: Uint8Array;
  /** Decoded for IPv4/IPv6 records: the address bytes and the names that follow. */
  readonly address: Uint8Array | undefined;
  readonly names: readonly string[];
}

export interface NameResolutionBlock extends BlockBase {
  readonly type: 'nrb';
  readonly records: readonly NameRecord[];
  /** The records area exactly as stored, nrb_record_end included. */
  readonly rawRecords: Uint8Array;
  readonly options: readonly PcapngOption[];
  readonly rawOptions: Uint8Array;
}

export interface InterfaceStatistics {
  readonly startTime?: bigint;
  readonly endTime?: bigint;
  readonly ifRecv?: bigint;
  readonly ifDrop?: bigint;
  readonly filterAccept?: bigint;
  readonly osDrop?: bigint;
  readonly usrDeliv?: bigint;
}

export interface InterfaceStatisticsBlock extends BlockBase {
  readonly type: 'isb';
  readonly interfaceId: number;
  readonly tsHigh: number;
  readonly tsLow: number;
  /** Nanoseconds (interface resolution and offset applied); undefined when the interface is unknown. */
  readonly timestamp: bigint | undefined;
  /** isb_* options decoded; start/end times in nanoseconds. */
  readonly statistics: InterfaceStatistics;
  readonly options: readonly PcapngOption[];
  readonly rawOptions: Uint8Array;
}

export interface DecryptionSecretsBlock extends BlockBase {
  readonly type: 'dsb';
  readonly secretsType: number;
  readonly data: Uint8Array;
  readonly options: readonly PcapngOption[];
  readonly rawOptions: Uint8Array;
}

export interface CustomBlock extends BlockBase {
  readonly type: 'custom';
  /** 0x00000BAD (copyable) or 0x40000BAD (must not be copied by rewriters that change the file). */
  readonly blockType: number;
  readonly copyable: boolean;
  readonly pen: number;
  /** Everything after the PEN: custom data and options cannot be told apart without the PEN's spec. */
  readonly body: Uint8Array;
}

export interface UnknownBlock extends BlockBase {
  readonly type: 'unknown';
  readonly blockType: number;
  /** The body between the length word and the trailer. */
  readonly body: Uint8Array;
}

/** Every non-packet block, as handed to `onBlock`. */
export type PcapngBlock =
  | SectionHeaderBlock
  | InterfaceDescriptionBlock
  | NameResolutionBlock
  | InterfaceStatisticsBlock
  | DecryptionSecretsBlock
  | CustomBlock
  | UnknownBlock;

/** Where a block sits: `bytes[start..end)` is the block, `offset` its file offset. */
export interface BlockSpan {
  bytes: Uint8Array;
  view: DataView;
  start: number;
  end: number;
  offset: number;
  section: number;
  littleEndian: boolean;
}

function base(span: BlockSpan): BlockBase {
  return {
    offset: span.offset,
    section: span.section,
    littleEndian: span.littleEndian,
    raw: span.bytes.subarray(span.start, span.end),
  };
}

function tooShort(span: BlockSpan, what: string): never {
  throw new CaptureFormatError('BAD_BLOCK', `${what} block too short`, span.offset);
}

function optionsOf(span: BlockSpan, from: number): { options: PcapngOption[]; rawOptions: Uint8Array } {
  const end = span.end - 4;
  return {
    options: parseOptions(span.bytes, from, end, span.littleEndian, span.offset + (from - span.start)),
    rawOptions: span.bytes.subarray(from, end),
  };
}

export function decodeShb(span: BlockSpan, skipped: boolean): SectionHeaderBlock {
  const { view, start, littleEndian } = span;
  return {
    type: 'shb',
    ...base(span),
    versionMajor: view.getUint16(start + 12, littleEndian),
    versionMinor: view.getUint16(start + 14, littleEndian),
    sectionLength: view.getBigInt64(start + 16, littleEndian),
    ...(skipped
      ? { options: [], rawOptions: span.bytes.subarray(start + 24, span.end - 4) }
      : optionsOf(span, start + 24)),
    skipped,
  };
}

export function decodeIdb(span: BlockSpan, iface: CaptureInterface): InterfaceDescriptionBlock {
  const { view, start, littleEndian } = span;
  return {
    type: 'idb',
    ...base(span),
    interface: iface,
    linkType: view.getUint16(start + 8, littleEndian),
    reserved: view.getUint16(start + 10, littleEndian),
    snaplen: view.getUint32(start + 12, littleEndian),
    options: iface.options,
    rawOptions: span.bytes.subarray(start + 16, span.end - 4),
  };
}

export function decodeNrb(span: BlockSpan): NameResolutionBlock {
  const { bytes, view, start, littleEndian } = span;
  const end = span.end - 4;
  const records: NameRecord[] = [];
  let pos = start + 8;
  let closed = false;
  while (end - pos >= 4) {
    const recordType = view.getUint16(pos, littleEndian);
    const length = view.getUint16(pos + 2, littleEndian);
    if (recordType === NRB_RECORD_END) {
      pos += 4;
      closed = true;
      break;
    }
    if (pos + 4 + length > end) {
      throw new CaptureFormatError(
        'BAD_BLOCK',
        `NRB record of length ${length} runs past its block`,
        span.offset + (pos - start),
      );
    }
    const value = bytes.subarray(pos + 4, pos + 4 + length);
    const addressLength = recordType === NRB_RECORD_IPV4 ? 4 : recordType === NRB_RECORD_IPV6 ? 16 : 0;
    let address: Uint8Array | undefined;
    const names: string[] = [];
    if (addressLength > 0 && length >= addressLength) {
      address = value.subarray(0, addressLength);
      let nameStart = addressLength;
      for (let i = addressLength; i < length; i++) {
        if (value[i] === 0) {
          names.push(optionText(value.subarray(nameStart, i)));
          nameStart = i + 1;
        }
      }
      if (nameStart < length) names.push(optionText(value.subarray(nameStart)));
    }
    records.push({ recordType, value, address, names });
    pos += 4 + ((length + 3) & ~3);
  }
  if (!closed) pos = Math.min(pos, end);
  return {
    type: 'nrb',
    ...base(span),
    records,
    rawRecords: bytes.subarray(start + 8, pos),
    ...optionsOf(span, pos),
  };
}

export function decodeIsb(span: BlockSpan, iface: CaptureInterface | undefined): InterfaceStatisticsBlock {
  const { view, start, littleEndian } = span;
  if (span.end - span.start < 24) tooShort(span, 'ISB');
  const tsHigh = view.getUint32(start + 12, littleEndian);
  const tsLow = view.getUint32(start + 16, littleEndian);
  const { options, rawOptions } = optionsOf(span, start + 20);
  const toNs = (high: number, low: number): bigint | undefined =>
    iface === undefined
      ? undefined
      : unitsToNs((BigInt(high) << 32n) | BigInt(low), iface.unitsPerSecond) +
        iface.tsOffset * 1_000_000_000n;
  const statistics: Record<string, bigint | undefined> = {};
  for (const option of options) {
    if (option.value.length !== 8) continue;
    const v = new DataView(option.value.buffer, option.value.byteOffset, 8);
    const key = ISB_KEYS[option.code];
    if (key === undefined) continue;
    statistics[key] =
      option.code === ISB_STARTTIME || option.code === ISB_ENDTIME
        ? toNs(v.getUint32(0, littleEndian), v.getUint32(4, littleEndian))
        : v.getBigUint64(0, littleEndian);
  }
  return {
    type: 'isb',
    ...base(span),
    interfaceId: view.getUint32(start + 8, littleEndian),
    tsHigh,
    tsLow,
    timestamp: toNs(tsHigh, tsLow),
    statistics: statistics as InterfaceStatistics,
    options,
    rawOptions,
  };
}

const ISB_KEYS: Record<number, keyof InterfaceStatistics> = {
  [ISB_STARTTIME]: 'startTime',
  [ISB_ENDTIME]: 'endTime',
  [ISB_IFRECV]: 'ifRecv',
  [ISB_IFDROP]: 'ifDrop',
  [ISB_FILTERACCEPT]: 'filterAccept',
  [ISB_OSDROP]: 'osDrop',
  [ISB_USRDELIV]: 'usrDeliv',
};

export function decodeDsb(span: BlockSpan): DecryptionSecretsBlock {
  const { view, start, littleEndian } = span;
  if (span.end - span.start < 20) tooShort(span, 'DSB');
  const secretsType = view.getUint32(start + 8, littleEndian);
  const length = view.getUint32(start + 12, littleEndian);
  if (length > span.end - 4 - (start + 16)) {
    throw new CaptureFormatError(
      'BAD_BLOCK',
      `DSB secrets length ${length} runs past its block`,
      span.offset,
    );
  }
  return {
    type: 'dsb',
    ...base(span),
    secretsType,
    data: span.bytes.subarray(start + 16, start + 16 + length),
    ...optionsOf(span, start + 16 + ((length + 3) & ~3)),
  };
}

export function decodeCustom(span: BlockSpan, blockType: number): CustomBlock {
  if (span.end - span.start < 16) tooShort(span, 'custom');
  return {
    type: 'custom',
    ...base(span),
    blockType,
    copyable: blockType === 0x00000bad,
    pen: span.view.getUint32(span.start + 8, span.littleEndian),
    body: span.bytes.subarray(span.start + 12, span.end - 4),
  };
}

export function decodeUnknown(span: BlockSpan, blockType: number): UnknownBlock {
  return {
    type: 'unknown',
    ...base(span),
    blockType,
    body: span.bytes.subarray(span.start + 8, span.end - 4),
  };
}
