import { CaptureFormatError } from './errors.js';
import type { CaptureInterface } from './interface.js';
import { interfaceFromPcap } from './interface-state.js';
import { type ReadOptions, type ResolvedReadOptions, resolveReadOptions } from './limits.js';
import type { PcapHeader } from './pcap/header.js';
import { sniffPcap } from './pcap/header.js';
import { PcapParser } from './pcap/parser.js';
import type { PcapngBlock } from './pcapng/blocks.js';
import { BT_SHB } from './pcapng/constants.js';
import { PcapngParser } from './pcapng/parser.js';
import { CaptureRecord } from './record.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** Options of `readCapture` and `openCapture`. */
export interface CaptureReadOptions extends ReadOptions {
  /** Receives every pcapng block that is not a packet (SHB, IDB, NRB, ISB, DSB, custom, unknown), in order. */
  onBlock?: (block: PcapngBlock) => void;
}

/** Which format `bytes` (at least the first 4 bytes of a file) is in, or undefined. */
export function sniffFormat(bytes: Uint8Array): CaptureFormat | undefined {
  if (bytes.length < 4) return undefined;
  if (new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === BT_SHB) return 'pcapng';
  return sniffPcap(bytes) ? 'pcap' : undefined;
}

/**
 * Format-independent incremental decoder shared by the sync and streaming readers: picks the parser
 * from the first bytes, then forwards `step`/`finish`. Holds the one reused record.
 */
export class CaptureDecoder {
  readonly options: ResolvedReadOptions;
  readonly record: CaptureRecord;
  format: CaptureFormat | undefined;
  needed = 4;
  produced = false;
  /** Lax mode: bytes at the end that did not form a record (0 after a clean end). */
  trailingBytes = 0;
  private pcap: PcapParser | undefined;
  private pcapng: PcapngParser | undefined;
  private readonly onBlock: ((block: PcapngBlock) => void) | undefined;

  constructor(options: CaptureReadOptions = {}) {
    this.options = resolveReadOptions(options);
    this.onBlock = options.onBlock;
    this.record = new CaptureRecord(interfaceFromPcap(0, 0, false, undefined));
  }

  /** The pcap file header (pcap files, once read). */
  get pcapHeader(): PcapHeader | undefined {
    return this.pcap?.header;
  }

  /** Interfaces of the current pcapng section, or the pcap file's single interface. */
  get interfaces(): readonly CaptureInterface[] {
    if (this.pcapng !== undefined) return this.pcapng.interfaces;
    return this.pcap?.interface === undefined ? [] : [this.pcap.interface];
  }

  step(bytes: Uint8Array, view: DataView, pos: number, end: number, base: number): number {
    if (this.pcap !== undefined) {
      const n = this.pcap.step(bytes, view, pos, end, base, this.record);
      this.produced = this.pcap.produced;
      this.needed = this.pcap.needed;
      return n;
    }
    if (this.pcapng !== undefined) {
      const n = this.pcapng.step(bytes, view, pos, end, base, this.record);
      this.produced = this.pcapng.produced;
      this.needed = this.pcapng.needed;
      return n;
    }
    if (end - pos < 4) {
      this.needed = 4;
      return 0;
    }
    this.format = sniffFormat(bytes.subarray(pos, pos + 4));
    if (this.format === 'pcapng') {
      this.pcapng = new PcapngParser(this.options);
      this.pcapng.onBlock = this.onBlock;
    } else if (this.format === 'pcap') {
      this.pcap = new PcapParser(this.options);
    } else {
      throw new CaptureFormatError('BAD_MAGIC', 'neither a pcap nor a pcapng file', base + pos);
    }
    return this.step(bytes, view, pos, end, base);
  }

  /** End of input with `end - pos` leftover bytes (> 0). True when `record` holds a truncated packet. */
  finish(bytes: Uint8Array, view: DataView, pos: number, end: number, base: number): boolean {
    this.trailingBytes = end - pos;
    if (this.pcap !== undefined) {
      const partial = this.pcap.finish(bytes, view, pos, end, base, this.record, this.options.strict);
      if (partial) this.trailingBytes = 0;
      return partial;
    }
    if (this.pcapng === undefined) {
      throw new CaptureFormatError(
        'TRUNCATED',
        `file too short to tell its format (${end - pos} bytes)`,
        base + pos,
      );
    }
    if (this.options.strict || this.pcapng.section < 0) {
      throw new CaptureFormatError(
        'TRUNCATED',
        `last block cut short (${end - pos} of ${this.needed} bytes)`,
        base + pos,
      );
    }
    return false;
  }

  /** End of input exactly at a record boundary; an empty input is not a capture. */
  checkEmpty(base: number): void {
    if (this.format === undefined || (this.pcap !== undefined && this.pcap.header === undefined)) {
      throw new CaptureFormatError('TRUNCATED', 'empty input is not a capture file', base);
    }
  }
}
