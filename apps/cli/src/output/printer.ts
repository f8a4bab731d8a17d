// Prints packets for `read` and `capture`: tcpdump-style lines, hex/ASCII bodies, or JSON lines.
import { Decoder } from '@pktkit/pkts';
import type { Style } from '../tty.js';
import { asciiBody, hexLines } from './hex.js';
import type { LineWriter } from './sink.js';
import { linkSummary, networkSummary, timeOfDay } from './summary.js';

export interface PrintOptions {
  /** -n: numeric (we never resolve names; accepted for tcpdump muscle memory). */
  numeric?: boolean;
  link?: boolean;
  verbose?: boolean;
  hex?: boolean;
  hexAscii?: boolean;
  ascii?: boolean;
  json?: boolean;
  /** Print nanosecond fractions. */
  nano?: boolean;
}

export interface PrintablePacket {
  readonly buffer: Uint8Array;
  readonly offset: number;
  readonly caplen: number;
  readonly wireLength: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly linkType: number;
}

export class PacketPrinter {
  private readonly decoder = new Decoder();
  private number = 0;

  constructor(
    private readonly out: LineWriter,
    private readonly options: PrintOptions,
    private readonly style: Style,
  ) {}

  print(p: PrintablePacket): void {
    this.number++;
    const d = this.decoder.decode(p.buffer, p.offset, p.caplen, p.linkType);
    const o = this.options;
    if (o.json) {
      const fields: Record<string, string> = {
        'frame.number': String(this.number),
        'frame.time_epoch': `${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`,
        'frame.len': String(p.wireLength),
        'frame.cap_len': String(p.caplen),
        ...d.toJSON(),
      };
      this.out.line(JSON.stringify(fields));
      return;
    }
    const link = o.link ? linkSummary(d, p.wireLength) : '';
    const summary = networkSummary(
      d,
      p.wireLength,
      { link: o.link ?? false, verbose: o.verbose ?? false },
      this.style,
    );
    this.out.line(`${this.style.dim(timeOfDay(p.tsSec, p.tsNsec, o.nano))} ${link}${summary}`);
    if (o.hex || o.hexAscii) {
      const bytes = p.buffer.subarray(p.offset, p.offset + p.caplen);
      for (const line of hexLines(bytes, o.hexAscii === true)) this.out.line(line);
    } else if (o.ascii) {
      this.out.line(asciiBody(p.buffer.subarray(p.offset, p.offset + p.caplen)));
    }
  }
}
