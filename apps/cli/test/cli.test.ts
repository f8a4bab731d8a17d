import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'cli.js');

describe('pktkit bin', () => {
  it('prints usage and says honestly which commands do not exist yet', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^Usage: pktkit/m);
    expect(out).toContain('not implemented yet');
  });
  it('prints the package version', () => {
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe('0.0.0');
  });
  it('rejects an unknown command with a non-zero exit', () => {
    expect(() =>
      execFileSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow();
  });
});
