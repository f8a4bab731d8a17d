import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addonPath } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'pktkit-afpacket-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  opened?: boolean;
  name?: string;
  code?: string;
  message?: string;
}

/** Runs a fixture (ESM or CJS) against the built package with the addon path overridden. */
function runFixture(file: string, addon: string): Outcome {
  const r = spawnSync(process.execPath, [join(fixtures, file)], {
    encoding: 'utf8',
    env: { ...process.env, PKTKIT_AFPACKET_ADDON: addon },
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Outcome;
}

describe('loading the addon lazily', () => {
  it('finds the built addon where the package looks for it', () => {
    expect(existsSync(dist), 'run pnpm build first').toBe(true);
    expect(addonPath()).toMatch(/build\/Release\/linux_afpacket\.node$/);
    expect(existsSync(addonPath()), `addon not built at ${addonPath()}: run pnpm build`).toBe(true);
  });

  for (const file of ['import-only.mjs', 'import-only.cjs']) {
    it(`${file}: importing works without the addon; using it says it is not built and how to fix`, () => {
      const out = runFixture(file, join(scratch, 'missing.node'));
      expect(out.name).toBe('AddonUnavailableError');
      expect(out.code).toBe('ERR_PKTKIT_ADDON_NOT_BUILT');
      expect(out.message).toContain('pnpm --filter @pktkit/linux-afpacket build');
    });
  }

  it('an addon file that fails to load gives ERR_PKTKIT_ADDON_LOAD_FAILED with the loader message', () => {
    const bogus = join(scratch, 'bogus.node');
    writeFileSync(bogus, 'not an ELF file');
    const out = runFixture('import-only.mjs', bogus);
    expect(out.name).toBe('AddonUnavailableError');
    expect(out.code).toBe('ERR_PKTKIT_ADDON_LOAD_FAILED');
    expect(out.message).toMatch(/invalid ELF header|file too short/);
  });
});
