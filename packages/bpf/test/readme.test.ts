// README examples run against the built package and print what their comments say.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  blocks.forEach((code, n) => {
    it(`example ${n + 1} runs and prints what it says`, () => {
      const source = code.replaceAll("'@pktkit/bpf'", JSON.stringify(join(root, 'dist/index.js')));
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const printed = r.stdout.split('\n');
      // `console.log(x); // value` — each value is printed, in order.
      const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) =>
        m[1]!.split(':')[0]!.trim(),
      );
      let at = 0;
      for (const want of expected) {
        const found = printed.findIndex((line, i) => i >= at && line.startsWith(want));
        expect(found, `"${want}" in\n${r.stdout}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
      // The multi-line outputs written as comment lines right after a console.log.
      for (const m of code.matchAll(/console\.log\(.*\);\n((?:\/\/ .*\n)+)/g)) {
        expect(r.stdout).toContain(m[1]!.replace(/^\/\/ /gm, '').trim());
      }
    });
  });
});
