// `pktkit capture`: a live capture printed or written to savefiles, ending with tcpdump's counts.
import type { CaptureDirection } from '@pktkit/capture-api';
import { type BackendChoice, openSniffer, type Sniffer } from '@pktkit/sniffer';
import { PacketPrinter, type PrintOptions } from '../output/printer.js';
import { LineWriter } from '../output/sink.js';
import { styleFor } from '../tty.js';

export interface CaptureOptions extends PrintOptions {
  device?: string;
  filter: string;
  count?: number;
  snaplen?: number;
  promiscuous: boolean;
  /** -B, KiB as in tcpdump. */
  bufferKiB?: number;
  write?: string;
  /** -C, millions of bytes as in tcpdump. */
  fileSizeMB?: number;
  rotateSeconds?: number;
  maxFiles?: number;
  backend: BackendChoice;
  immediate: boolean;
  direction?: CaptureDirection;
}

const DLT_NAMES: Record<number, string> = {
  0: 'NULL (BSD loopback)',
  1: 'EN10MB (Ethernet)',
  12: 'RAW (Raw IP)',
  113: 'LINUX_SLL (Linux cooked v1)',
  276: 'LINUX_SLL2 (Linux cooked v2)',
};

async function defaultDevice(backend: BackendChoice): Promise<string> {
  const { listInterfaces } = await import('@pktkit/sniffer');
  const list = await listInterfaces(backend);
  const pick = list.find((i) => i.up && i.running && !i.loopback && i.name !== 'any') ?? list[0];
  if (!pick) throw new Error('no capture device found (give one with -i)');
  return pick.name;
}

/** tcpdump's closing lines, on stderr. */
function printCounts(sniffer: Sniffer): void {
  const s = sniffer.stats();
  const plural = (n: bigint, what: string): string => `${n} packet${n === 1n ? '' : 's'} ${what}`;
  process.stderr.write(
    `${plural(s.captured, 'captured')}\n${plural(s.received, 'received by filter')}\n${plural(s.dropped, 'dropped by kernel')}\n`,
  );
}

export async function runCapture(o: CaptureOptions): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const device = o.device ?? (await defaultDevice(o.backend));
    const sniffer = await openSniffer({
      device,
      filter: o.filter,
      backend: o.backend,
      promiscuous: o.promiscuous,
      immediate: o.immediate,
      signal: controller.signal,
      ...(o.count === undefined ? {} : { count: o.count }),
      ...(o.snaplen === undefined ? {} : { snaplen: o.snaplen }),
      ...(o.bufferKiB === undefined ? {} : { bufferSize: o.bufferKiB * 1024 }),
      ...(o.direction === undefined ? {} : { direction: o.direction }),
    });
    const link = DLT_NAMES[sniffer.linkType] ?? `DLT ${sniffer.linkType}`;
    process.stderr.write(
      `listening on ${device}, link-type ${link}, snapshot length ${sniffer.snaplen} bytes (backend ${sniffer.backendName}: ${sniffer.backendReason})\n`,
    );
    try {
      if (o.write) {
        await sniffer.writeTo({
          path: o.write,
          ...(o.fileSizeMB === undefined ? {} : { rotateBytes: o.fileSizeMB * 1_000_000 }),
          ...(o.rotateSeconds === undefined ? {} : { rotateSeconds: o.rotateSeconds }),
          ...(o.maxFiles === undefined ? {} : { maxFiles: o.maxFiles }),
          nanosecond: o.nano ?? true,
        });
      } else {
        const out = new LineWriter();
        const printer = new PacketPrinter(out, o, styleFor(process.stdout));
        for await (const p of sniffer.walk(true)) {
          if (p === null) out.flush();
          else printer.print(p);
          if (out.broken) break;
        }
        await out.end();
      }
    } finally {
      printCounts(sniffer);
      await sniffer.close();
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
