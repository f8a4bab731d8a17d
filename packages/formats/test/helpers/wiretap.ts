// tshark over the whole corpus in three processes instead of 800 (tshark's dissector start-up costs
// ~0.7 s of CPU per file): capinfos lists which files wiretap (tshark's file reader) rejects and why;
// mergecap -a -I none concatenates every accepted file, keeping each file's interfaces apart; one
// tshark run then reports every packet's interface, encapsulation, ns time, lengths and MD5.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTshark, type TsharkFrame } from './tshark.js';

function exec(command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 512 << 20 }, (_e, stdout, stderr) =>
      resolve({ stdout, stderr }),
    );
  });
}

export async function capinfosRejections(
  corpusDir: string,
  files: readonly string[],
): Promise<Map<string, string>> {
  const { stderr } = await exec('capinfos', ['-T', '-r', '-c', ...files], corpusDir);
  const rejected = new Map<string, string>();
  const lines = stderr.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^capinfos: The file "(.*)" /.exec(lines[i]!);
    if (m) rejected.set(m[1]!, (lines[i + 1] ?? '').replace(/^\(|\)$/g, ''));
  }
  return rejected;
}

/** Merges `files` (in order) and returns tshark's frames for the merged file. */
export async function tsharkMerged(
  corpusDir: string,
  files: readonly string[],
): Promise<{ frames: TsharkFrame[]; error: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pktkit-merge-'));
  try {
    const out = join(dir, 'merged.pcapng');
    const merge = await exec(
      'mergecap',
      ['-a', '-I', 'none', '-F', 'pcapng', '-w', out, ...files],
      corpusDir,
    );
    const result = await runTshark(out);
    return { frames: result.frames, error: [merge.stderr.trim(), result.error].filter(Boolean).join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
