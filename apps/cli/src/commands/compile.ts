// `pktkit compile`: a filter expression to BPF, printed like tcpdump -d / -dd / -ddd.
import { compileFilter, disassemble } from '@pktkit/bpf';

export interface CompileCommandOptions {
  expression: string;
  /** 1 = -d (listing), 2 = -dd (C array), 3 = -ddd (decimal). */
  level: 1 | 2 | 3;
  dlt: string;
  snaplen: number;
  optimize: boolean;
}

const FORMATS = { 1: 'listing', 2: 'c', 3: 'decimal' } as const;

/** The DLT as a number when given as digits, else a name ('EN10MB', 'DLT_RAW'…). */
export function parseDlt(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function runCompile(o: CompileCommandOptions): number {
  const program = compileFilter(o.expression, {
    linkType: parseDlt(o.dlt),
    snaplen: o.snaplen,
    optimize: o.optimize,
  });
  const text = disassemble(program, { format: FORMATS[o.level] });
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
