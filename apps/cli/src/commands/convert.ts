// `pktkit convert`: pcap ⇄ pcapng (and pcap µs ⇄ ns with --ns), whole file in memory.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  MemorySink,
  PcapWriter,
  pcapngToPcap,
  pcapToPcapng,
  readCapture,
  sniffFormat,
} from '@pktkit/formats';
import { CliError, ExitCode } from '../errors.js';

export interface ConvertOptions {
  input: string;
  output: string;
  /** Target format; default from the output's extension (.pcapng → pcapng, else pcap). */
  to?: 'pcap' | 'pcapng';
  /** pcap output with nanosecond timestamps (default microseconds, as editcap/tcpdump write). */
  ns: boolean;
}

function pcapResolution(bytes: Uint8Array, nanosecond: boolean): Uint8Array {
  const reader = readCapture(bytes);
  const header = reader.pcapHeader!;
  const sink = new MemorySink();
  const w = new PcapWriter(sink, {
    linkType: header.linkType,
    snaplen: header.snaplen,
    nanosecond,
    littleEndian: header.littleEndian,
  });
  for (const r of reader) {
    w.writePacket({ data: r.data, timestamp: r.timestamp, originalLength: r.originalLength });
  }
  void w.flush();
  return sink.bytes();
}

export function runConvert(o: ConvertOptions): number {
  const bytes = new Uint8Array(readFileSync(o.input));
  const from = sniffFormat(bytes);
  if (from === undefined) throw new CliError(`${o.input}: not a pcap or pcapng file`, ExitCode.BadFile);
  const to = o.to ?? (o.output.endsWith('.pcapng') ? 'pcapng' : 'pcap');
  let out: Uint8Array;
  if (from === 'pcap' && to === 'pcapng') out = pcapToPcapng(bytes);
  else if (from === 'pcapng' && to === 'pcap') out = pcapngToPcap(bytes, { nanosecond: o.ns });
  else if (from === 'pcap') out = pcapResolution(bytes, o.ns);
  else out = bytes; // pcapng → pcapng: already what was asked; copied unchanged
  writeFileSync(o.output, out);
  return 0;
}
