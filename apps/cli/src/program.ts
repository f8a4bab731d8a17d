import { Command, InvalidArgumentError, Option } from 'commander';
// Commands are imported when run, so `pktkit read -w` never loads the capture backends or decoder.
import { CliError, classify, ExitCode } from './errors.js';

function integer(name: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

const BACKENDS = ['auto', 'afpacket', 'npcap', 'bpf'] as const;

/** tcpdump spells -dd / -ddd as repeated letters; commander wants long options. */
export function normalizeArgs(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '-dd' ? '--dd' : a === '-ddd' ? '--ddd' : a));
}

/** Runs a command body and turns errors into a message on stderr and a distinct exit code. */
async function guarded(body: () => Promise<number> | number): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    const { message, exitCode } = classify(error);
    process.stderr.write(`pktkit: ${message}\n`);
    process.exitCode = exitCode;
  }
}

function printOptions(cmd: Command): Command {
  return cmd
    .option('-n', 'numeric output (pktkit never resolves names; accepted as in tcpdump)')
    .option('-e', 'print the link-level header')
    .option('-v', 'verbose: IP header details')
    .option('-x', 'print each packet in hex')
    .option('-X', 'print each packet in hex and ASCII')
    .option('-A', 'print each packet in ASCII')
    .option('--json', 'one JSON object per packet, Wireshark field names')
    .option('--nano', 'nanosecond timestamps (printing and -w files)');
}

interface PrintFlags {
  e?: boolean;
  v?: boolean;
  x?: boolean;
  X?: boolean;
  A?: boolean;
  json?: boolean;
  nano?: boolean;
}

function printFlags(f: PrintFlags) {
  return {
    link: f.e === true,
    verbose: f.v === true,
    hex: f.x === true,
    hexAscii: f.X === true,
    ascii: f.A === true,
    json: f.json === true,
    nano: f.nano === true,
  };
}

/** Builds the `pktkit` command tree. Kept apart from the bin so tests can drive it in-process. */
export function buildProgram(version: string): Command {
  const program = new Command('pktkit')
    .description('Packet capture and manipulation, tcpdump-style (pktkit)')
    .version(version)
    .showHelpAfterError();

  printOptions(
    program
      .command('capture')
      .description('capture live packets; print them or write savefiles')
      .argument('[expression...]', 'pcap-filter expression')
      .option('-i, --interface <device>', 'device to capture on (default: first up, non-loopback)')
      .option('-c, --count <n>', 'stop after n packets', integer('count', 1))
      .option('-s, --snaplen <bytes>', 'bytes kept per packet', integer('snaplen', 1))
      .option('-p, --no-promiscuous-mode', 'do not put the interface into promiscuous mode')
      .option('-B, --buffer-size <KiB>', 'kernel buffer size in KiB', integer('buffer size', 64))
      .option('-w, --write <file>', 'write packets to a savefile (.pcapng → pcapng, else pcap)')
      .option(
        '-C, --file-size <MB>',
        'rotate the savefile past this many million bytes',
        integer('file size', 1),
      )
      .option(
        '-G, --rotate-seconds <s>',
        'rotate the savefile every s seconds (strftime names)',
        integer('seconds', 1),
      )
      .option(
        '-W, --file-count <n>',
        'ring of n files with -C; stop after n files with -G',
        integer('file count', 1),
      )
      .option('-Q, --direction <dir>', 'in, out or inout')
      .option('--immediate-mode', 'deliver each packet at once')
      .addOption(new Option('--backend <name>', 'capture backend').choices(BACKENDS).default('auto')),
  ).action(async (words: string[], f: Record<string, unknown> & PrintFlags) => {
    await guarded(async () =>
      (await import('./commands/capture.js')).runCapture({
        ...printFlags(f),
        filter: words.join(' '),
        promiscuous: f.promiscuousMode !== false,
        backend: f.backend as (typeof BACKENDS)[number],
        immediate: f.immediateMode === true,
        ...(typeof f.interface === 'string' ? { device: f.interface } : {}),
        ...(typeof f.count === 'number' ? { count: f.count } : {}),
        ...(typeof f.snaplen === 'number' ? { snaplen: f.snaplen } : {}),
        ...(typeof f.bufferSize === 'number' ? { bufferKiB: f.bufferSize } : {}),
        ...(typeof f.write === 'string' ? { write: f.write } : {}),
        ...(typeof f.fileSize === 'number' ? { fileSizeMB: f.fileSize } : {}),
        ...(typeof f.rotateSeconds === 'number' ? { rotateSeconds: f.rotateSeconds } : {}),
        ...(typeof f.fileCount === 'number' ? { maxFiles: f.fileCount } : {}),
        ...(f.direction === 'in' || f.direction === 'out'
          ? { direction: f.direction }
          : f.direction === 'inout'
            ? { direction: 'both' as const }
            : {}),
      }),
    );
  });

  printOptions(
    program
      .command('read')
      .description('read a capture file: print matching packets, or write them with -w')
      .argument('[expression...]', 'pcap-filter expression')
      .requiredOption('-r, --read <file>', 'pcap or pcapng file to read')
      .option('-c, --count <n>', 'stop after n matching packets', integer('count', 1))
      .option('-w, --write <file>', 'write matching packets (pcap µs like tcpdump; .pcapng → pcapng)'),
  ).action(async (words: string[], f: Record<string, unknown> & PrintFlags) => {
    await guarded(async () =>
      (await import('./commands/read.js')).runRead({
        ...printFlags(f),
        file: f.read as string,
        filter: words.join(' '),
        ...(typeof f.count === 'number' ? { count: f.count } : {}),
        ...(typeof f.write === 'string' ? { write: f.write } : {}),
      }),
    );
  });

  program
    .command('compile')
    .description('compile a filter expression to BPF and print it (like tcpdump -d/-dd/-ddd)')
    .argument('<expression...>', 'pcap-filter expression')
    .option('-d', 'human-readable listing (default)')
    .option('--dd', 'C array (tcpdump -dd)')
    .option('--ddd', 'decimal numbers (tcpdump -ddd)')
    .option('--dlt <name>', 'link type: a DLT name or number', 'EN10MB')
    .option('-s, --snaplen <bytes>', 'return value for accepted packets', integer('snaplen', 1), 262144)
    .option('-O', 'do not run the optimizer')
    .action(
      async (
        words: string[],
        f: { dd?: boolean; ddd?: boolean; dlt: string; snaplen: number; O?: boolean },
      ) => {
        await guarded(async () =>
          (await import('./commands/compile.js')).runCompile({
            expression: words.join(' '),
            level: f.ddd ? 3 : f.dd ? 2 : 1,
            dlt: f.dlt,
            snaplen: f.snaplen,
            optimize: f.O !== true,
          }),
        );
      },
    );

  program
    .command('convert')
    .description('convert between pcap and pcapng')
    .argument('<input>', 'capture file to read')
    .argument('<output>', 'file to write (.pcapng → pcapng, else pcap)')
    .addOption(new Option('--to <format>', 'output format').choices(['pcap', 'pcapng']))
    .option('--ns', 'pcap output with nanosecond timestamps')
    .action(async (input: string, output: string, f: { to?: 'pcap' | 'pcapng'; ns?: boolean }) => {
      await guarded(async () =>
        (await import('./commands/convert.js')).runConvert({
          input,
          output,
          ns: f.ns === true,
          ...(f.to ? { to: f.to } : {}),
        }),
      );
    });

  program
    .command('follow')
    .description('print the reassembled payload of a TCP stream (like tshark -z follow,tcp,MODE,N)')
    .argument('<protocol>', 'tcp')
    .argument('<stream>', 'stream number, as tshark numbers tcp.stream', integer('stream'))
    .requiredOption('-r, --read <file>', 'pcap or pcapng file to read')
    .addOption(
      new Option('-m, --mode <mode>', 'output form').choices(['ascii', 'hex', 'raw']).default('ascii'),
    )
    .action(async (protocol: string, stream: number, f: { read: string; mode: 'ascii' | 'hex' | 'raw' }) => {
      await guarded(async () => {
        if (protocol !== 'tcp')
          throw new CliError(`follow: only tcp is supported, not ${protocol}`, ExitCode.Usage);
        return (await import('./commands/follow.js')).runFollow(f.read, stream, f.mode);
      });
    });

  program
    .command('stats')
    .description('protocol hierarchy, conversations, top talkers and an I/O graph (SVG) of a capture file')
    .argument('[expression...]', 'pcap-filter expression')
    .requiredOption('-r, --read <file>', 'pcap or pcapng file to read')
    .option('--svg <file>', 'write the I/O graph (packets per interval) as SVG')
    .option('--interval <seconds>', 'I/O graph interval', Number, 1)
    .option('--top <n>', 'top talkers to show', integer('top', 1), 10)
    .action(async (words: string[], f: { read: string; svg?: string; interval: number; top: number }) => {
      await guarded(async () =>
        (await import('./commands/stats.js')).runStats({
          file: f.read,
          filter: words.join(' '),
          interval: f.interval > 0 ? f.interval : 1,
          top: f.top,
          ...(f.svg ? { svg: f.svg } : {}),
        }),
      );
    });

  program
    .command('interfaces')
    .alias('list-interfaces')
    .description('list capture devices (tcpdump -D)')
    .addOption(new Option('--backend <name>', 'capture backend').choices(BACKENDS).default('auto'))
    .action(async (f: { backend: (typeof BACKENDS)[number] }) => {
      await guarded(async () => (await import('./commands/interfaces.js')).runInterfaces(f.backend));
    });

  program.addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 failure, 2 usage, 3 permission denied, 4 no such device, 5 bad filter,\n' +
      '6 bad capture file, 7 no capture backend.',
  );
  return program;
}
