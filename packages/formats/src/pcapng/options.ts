import { CaptureFormatError } from '../errors.js';

/** One pcapng option as stored: its code and value bytes (a view into the block, not a copy). */
export interface PcapngOption {
  readonly code: number;
  readonly value: Uint8Array;
}

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;

/**
 * Splits an options area into options. Stops at opt_endofopt or when fewer than 4 bytes remain
 * (some writers pad blocks); an option running past the area is an error, as in Wireshark.
 */
export function parseOptions(
  bytes: Uint8Array,
  start: number,
  end: number,
  littleEndian: boolean,
  fileOffset: number,
): PcapngOption[] {
  const options: PcapngOption[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = start;
  while (end - pos >= 4) {
    const code = view.getUint16(pos, littleEndian);
    const length = view.getUint16(pos + 2, littleEndian);
    if (code === OPT_ENDOFOPT) break;
    if (pos + 4 + length > end) {
      throw new CaptureFormatError(
        'BAD_OPTION',
        `option ${code} of length ${length} runs past the end of its block`,
        fileOffset + (pos - start),
      );
    }
    options.push({ code, value: bytes.subarray(pos + 4, pos + 4 + length) });
    pos += 4 + ((length + 3) & ~3);
  }
  return options;
}

/** Bytes needed to encode `options` plus opt_endofopt (none at all when the list is empty). */
export function optionsLength(options: readonly PcapngOption[]): number {
  if (options.length === 0) return 0;
  let n = 4;
  for (const option of options) n += 4 + ((option.value.length + 3) & ~3);
  return n;
}

/** Encodes options (zero padding, closing opt_endofopt) at `pos`; returns the new position. */
export function writeOptions(
  out: Uint8Array,
  view: DataView,
  pos: number,
  options: readonly PcapngOption[],
  littleEndian: boolean,
): number {
  if (options.length === 0) return pos;
  for (const option of options) {
    const length = option.value.length;
    if (length > 0xffff)
      throw new CaptureFormatError('BAD_ARGUMENT', `option ${option.code} longer than 65535`, 0);
    view.setUint16(pos, option.code, littleEndian);
    view.setUint16(pos + 2, length, littleEndian);
    out.set(option.value, pos + 4);
    const padded = (length + 3) & ~3;
    out.fill(0, pos + 4 + length, pos + 4 + padded);
    pos += 4 + padded;
  }
  view.setUint32(pos, 0, true);
  return pos + 4;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

/** Option helpers for callers: typed reads of an option's value. */
export function findOption(options: readonly PcapngOption[], code: number): PcapngOption | undefined {
  for (const option of options) if (option.code === code) return option;
  return undefined;
}

/** UTF-8 text, without the trailing NULs some writers add. */
export function optionText(value: Uint8Array): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === 0) end--;
  return decoder.decode(value.subarray(0, end));
}

export function textOption(code: number, text: string): PcapngOption {
  return { code, value: encoder.encode(text) };
}

export function optionUint(value: Uint8Array, littleEndian: boolean): bigint | undefined {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (value.length === 1) return BigInt(value[0]!);
  if (value.length === 2) return BigInt(view.getUint16(0, littleEndian));
  if (value.length === 4) return BigInt(view.getUint32(0, littleEndian));
  if (value.length === 8) return view.getBigUint64(0, littleEndian);
  return undefined;
}

export function uint32Option(code: number, n: number, littleEndian: boolean): PcapngOption {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setUint32(0, n, littleEndian);
  return { code, value };
}

export function uint64Option(code: number, n: bigint, littleEndian: boolean): PcapngOption {
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, n, littleEndian);
  return { code, value };
}

/** Word sizes of the numeric options whose bytes depend on the section's byte order, per block kind. */
const NUMERIC: Record<'epb' | 'idb' | 'isb', Record<number, number>> = {
  // epb_flags u32, epb_dropcount u64, epb_packetid u64, epb_queue u32
  epb: { 2: 4, 4: 8, 5: 8, 6: 4 },
  // if_speed u64, if_tzone u32, if_tsoffset i64, if_txspeed u64, if_rxspeed u64
  idb: { 8: 8, 10: 4, 14: 8, 16: 8, 17: 8 },
  // isb_starttime/endtime: two u32 words; counters u64
  isb: { 2: 4, 3: 4, 4: 8, 5: 8, 6: 8, 7: 8, 8: 8 },
};

/**
 * Options converted to the other byte order: the known numeric ones are byte-swapped word by word,
 * everything else (strings, addresses, unknown options) is kept as it is.
 */
export function swapOptionOrder(
  options: readonly PcapngOption[],
  kind: 'epb' | 'idb' | 'isb',
): PcapngOption[] {
  const table = NUMERIC[kind];
  return options.map((option) => {
    const word = table[option.code];
    if (word === undefined || option.value.length % word !== 0) return option;
    const value = new Uint8Array(option.value.length);
    for (let i = 0; i < value.length; i += word) {
      for (let j = 0; j < word; j++) value[i + j] = option.value[i + word - 1 - j]!;
    }
    return { code: option.code, value };
  });
}

/** The check `parseOptions` makes, without allocating: run on every packet block as it is read. */
export function checkOptions(
  view: DataView,
  start: number,
  end: number,
  littleEndian: boolean,
  fileOffset: number,
): void {
  let pos = start;
  while (end - pos >= 4) {
    const code = view.getUint16(pos, littleEndian);
    const length = view.getUint16(pos + 2, littleEndian);
    if (code === OPT_ENDOFOPT) return;
    if (pos + 4 + length > end) {
      throw new CaptureFormatError(
        'BAD_OPTION',
        `option ${code} of length ${length} runs past the end of its block`,
        fileOffset + (pos - start),
      );
    }
    pos += 4 + ((length + 3) & ~3);
  }
}
