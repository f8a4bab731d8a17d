// Writes captured packets to pcap/pcapng files, rotating by size (-C) or time (-G), in a ring (-W).
import { FileSink, PcapngWriter, PcapWriter } from '@pktkit/formats/node';
import { ringDigits, savefileName } from './file-names.js';

export type CaptureFileFormat = 'pcap' | 'pcapng';

export interface CaptureFileOptions {
  /** File name; with `rotateSeconds` it may hold strftime conversions (%Y%m%d-%H%M%S). */
  path: string;
  /** Default: pcapng when the name ends in .pcapng, else pcap. */
  format?: CaptureFileFormat;
  /** Start a new file once the current one exceeds this many bytes (tcpdump -C, in bytes here). */
  rotateBytes?: number;
  /** Start a new file every this many seconds (tcpdump -G). */
  rotateSeconds?: number;
  /**
   * With `rotateBytes`: reuse file numbers 0..maxFiles-1 (a ring). With only `rotateSeconds`: stop
   * after this many files (tcpdump -W).
   */
  maxFiles?: number;
  /** Nanosecond timestamps (default true; pcapng if_tsresol 9, pcap magic 0xa1b23c4d). */
  nanosecond?: boolean;
  /** Interface name recorded in pcapng. */
  interfaceName?: string;
  /** Called with each file name as it is opened. */
  onOpen?: (path: string) => void;
  /** Wall clock in ms (tests). */
  now?: () => number;
}

export interface PacketFields {
  readonly buffer: Uint8Array;
  readonly offset: number;
  readonly caplen: number;
  readonly wireLength: number;
  readonly tsSec: number;
  readonly tsNsec: number;
}

const PCAP_HEADER = 24;
const PCAP_RECORD = 16;
const EPB_OVERHEAD = 32;

/**
 * A savefile writer with tcpdump's rotation rules. Writes are synchronous (FileSink), so records
 * are in the kernel's page cache once `flush()` returns, and a Ctrl-C loses nothing flushed.
 */
export class CaptureFileWriter {
  readonly format: CaptureFileFormat;
  /** True once a -G/-W run has written its last file: the caller should stop capturing. */
  finished = false;
  /** Files opened so far, in order. */
  readonly files: string[] = [];
  private writer: PcapWriter | PcapngWriter | null = null;
  private bytes = 0;
  private index = 0;
  private openedAt = 0;
  private readonly digits: number;
  private readonly nanosecond: boolean;
  private readonly now: () => number;

  constructor(
    private readonly options: CaptureFileOptions,
    private readonly linkType: number,
    private readonly snaplen: number,
  ) {
    this.format = options.format ?? (options.path.endsWith('.pcapng') ? 'pcapng' : 'pcap');
    this.digits = options.rotateBytes !== undefined ? ringDigits(options.maxFiles) : 0;
    this.nanosecond = options.nanosecond ?? true;
    this.now = options.now ?? Date.now;
    this.open();
  }

  private open(): void {
    const time = this.options.rotateSeconds !== undefined ? new Date(this.now()) : undefined;
    const path = savefileName(this.options.path, this.index, this.digits, time);
    const sink = new FileSink(path);
    if (this.format === 'pcap') {
      this.writer = new PcapWriter(sink, {
        linkType: this.linkType,
        snaplen: this.snaplen,
        nanosecond: this.nanosecond,
      });
      this.bytes = PCAP_HEADER;
    } else {
      const w = new PcapngWriter(sink);
      w.writeSectionHeader();
      w.addInterface({
        linkType: this.linkType,
        snaplen: this.snaplen,
        ...(this.nanosecond ? { resolution: { base: 10, exponent: 9 } as const } : {}),
        ...(this.options.interfaceName === undefined ? {} : { name: this.options.interfaceName }),
      });
      this.writer = w;
      this.bytes = 0;
    }
    this.openedAt = this.now();
    this.files.push(path);
    this.options.onOpen?.(path);
  }

  private async rotate(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
    this.index++;
    const max = this.options.maxFiles;
    if (max !== undefined && max > 0) {
      if (this.options.rotateBytes !== undefined) {
        this.index %= max; // a ring: overwrite the oldest
      } else if (this.index >= max) {
        this.finished = true;
        return;
      }
    }
    this.open();
  }

  /** Rotates first when a size or time limit is reached; returns false once finished. */
  async write(p: PacketFields): Promise<boolean> {
    if (this.finished) return false;
    const { rotateBytes, rotateSeconds } = this.options;
    if (
      (rotateBytes !== undefined && this.bytes > rotateBytes) ||
      (rotateSeconds !== undefined && this.now() - this.openedAt >= rotateSeconds * 1000)
    ) {
      await this.rotate();
      if (this.finished) return false;
    }
    this.writeNow(p);
    return true;
  }

  /** The synchronous path when no rotation is configured (the common case: no promise per packet). */
  get rotates(): boolean {
    return this.options.rotateBytes !== undefined || this.options.rotateSeconds !== undefined;
  }

  writeNow(p: PacketFields): void {
    const w = this.writer;
    if (!w) return;
    if (w instanceof PcapWriter) {
      const fraction = this.nanosecond ? p.tsNsec : Math.floor(p.tsNsec / 1000);
      w.writeRaw(p.tsSec, fraction, p.caplen, p.wireLength, p.buffer, p.offset, p.caplen);
      this.bytes += PCAP_RECORD + p.caplen;
    } else {
      w.writePacket({
        data: p.buffer.subarray(p.offset, p.offset + p.caplen),
        seconds: p.tsSec,
        nanoseconds: p.tsNsec,
        originalLength: p.wireLength,
      });
      this.bytes += EPB_OVERHEAD + ((p.caplen + 3) & ~3);
    }
  }

  /** Hands buffered records to the file. */
  async flush(): Promise<void> {
    await this.writer?.flush();
  }

  async close(): Promise<void> {
    const w = this.writer;
    this.writer = null;
    await w?.close();
  }
}
