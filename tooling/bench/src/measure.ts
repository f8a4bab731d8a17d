import { spawnSync } from 'node:child_process';

export interface Measurement {
  name: string;
  /** Every sample, in nanoseconds. */
  samplesNs: number[];
  medianNs: number;
  /** Work units per sample (packets, bytes, expressions) for throughput figures. */
  units: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MeasureOptions {
  /** Timed runs (default 5). Medians, never single times: the machine is noisy. */
  runs?: number;
  /** Untimed runs first (default 1), so JITs and page caches are warm. */
  warmup?: number;
  /** Work units one run processes, for throughput (default 1). */
  units?: number;
}

/** Times an in-process function. */
export function measure(name: string, fn: () => unknown, options: MeasureOptions = {}): Measurement {
  const { runs = 5, warmup = 1, units = 1 } = options;
  for (let i = 0; i < warmup; i++) fn();
  const samplesNs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samplesNs.push(Number(process.hrtime.bigint() - start));
  }
  return { name, samplesNs, medianNs: median(samplesNs), units };
}

/** Times an async in-process function. */
export async function measureAsync(
  name: string,
  fn: () => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const { runs = 5, warmup = 1, units = 1 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samplesNs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samplesNs.push(Number(process.hrtime.bigint() - start));
  }
  return { name, samplesNs, medianNs: median(samplesNs), units };
}

/**
 * Times an external program (a C peer, tcpdump, scapy) as a whole process. When the peer prints
 * its own timing, pass `parse` to read nanoseconds from its stdout instead, which excludes start-up.
 */
export function measureCommand(
  name: string,
  command: string,
  args: readonly string[],
  options: MeasureOptions & { parse?: (stdout: string) => number; env?: NodeJS.ProcessEnv } = {},
): Measurement {
  const { runs = 5, warmup = 1, units = 1, parse, env } = options;
  const once = (): number => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: env ?? process.env,
    });
    const elapsed = Number(process.hrtime.bigint() - start);
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
    return parse ? parse(result.stdout) : elapsed;
  };
  for (let i = 0; i < warmup; i++) once();
  const samplesNs: number[] = [];
  for (let i = 0; i < runs; i++) samplesNs.push(once());
  return { name, samplesNs, medianNs: median(samplesNs), units };
}
