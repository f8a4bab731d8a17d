// Running the few system tools the harness drives (ip, sysctl, python3), sync and async.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ExecResult {
  /** Exit code, or null when the process ended on a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never rejects for a non-zero exit (the caller asserts). */
export function run(
  file: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code === 'string') return reject(error); // spawn failure (ENOENT…)
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const signal = (error?.signal ?? null) as NodeJS.Signals | null;
        resolve({ code, signal, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs a command and rejects with its stderr when it fails. */
export async function runChecked(
  file: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  const r = await run(file, args, options);
  if (r.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed (${r.code ?? r.signal}): ${r.stderr.trim()}`);
  }
  return r.stdout;
}

/** Synchronous variant for teardown from exit and signal handlers, where nothing async may run. */
export function runSync(
  file: string,
  args: readonly string[],
): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function commandExists(file: string, versionArgs: readonly string[]): boolean {
  try {
    execFileSync(file, versionArgs, { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Debian's python3 (has AF_PACKET); PKTKIT_PYTHON overrides. */
export function pythonPath(): string {
  const fromEnv = process.env.PKTKIT_PYTHON;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}
