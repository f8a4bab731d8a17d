import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CaptureFormatError, readCapture } from '../src/index.js';
import { corpusDir, corpusFiles } from './helpers/corpus.js';
import { pool, runTshark } from './helpers/tshark.js';

test('explore', async () => {
  const files = corpusFiles();
  const lines: string[] = [];
  const pairs = new Map<string, Set<string>>();
  await pool(files, 3, async (file) => {
    const path = join(corpusDir, file);
    const ts = await runTshark(path);
    const ours: string[] = [];
    let err = '';
    try {
      let custom = 0;
      const r = readCapture(readFileSync(path), { strict: true, onBlock: (b) => { if (b.type === 'custom') custom++; } });
      for (const rec of r) {
        const t = rec.hasTimestamp ? `${rec.seconds}.${String(rec.nanoseconds).padStart(9, '0')}` : '';
        const md5 = createHash('md5').update(rec.data).digest('hex');
        ours.push(`${rec.interfaceId}\t${rec.linkType}\t${t}\t${rec.captureLength}\t${rec.originalLength}\t${md5}`);
      }
    } catch (e) {
      err = e instanceof CaptureFormatError ? `CFE ${e.message}` : `OTHER ${String(e)}`;
    }
    const theirs = ts.frames.filter((f) => f.encap !== '').map((f) => `${f.interfaceId || '0'}\t${f.encap}\t${f.time}\t${f.capLen}\t${f.len}\t${f.md5}`);
    let diff = '';
    if (ours.length !== theirs.length) diff += ` count ${ours.length} vs ${theirs.length};`;
    for (let i = 0; i < Math.min(ours.length, theirs.length); i++) {
      const a = ours[i]!.split('\t');
      const b = theirs[i]!.split('\t');
      const k = a[1]!;
      if (!pairs.has(k)) pairs.set(k, new Set());
      pairs.get(k)!.add(b[1]!);
      for (const j of [0, 2, 3, 4, 5]) if (a[j] !== b[j]) { diff += ` pkt ${i} field ${j}: ${a[j]} vs ${b[j]};`; break; }
      if (diff.length > 300) break;
    }
    if (diff || err || ts.error) lines.push(`${file}: ${diff} | ours: ${err} | tshark: ${ts.error.replace(/\n/g, ' ')}`);
  });
  lines.push(JSON.stringify([...pairs].map(([k, v]) => [k, [...v]])));
  writeFileSync('/tmp/fx/explore.txt', lines.join('\n'));
  expect(files.length).toBeGreaterThan(0);
}, 600_000);
