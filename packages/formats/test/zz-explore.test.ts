import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CaptureFormatError, readCapture } from '../src/index.js';
import { corpusDir, corpusFiles } from './helpers/corpus.js';
import { fnv1a64, runLibpcap, runWiretap } from './helpers/libpcap.js';
import { pool } from './helpers/tshark.js';

test('explore', async () => {
  const files = corpusFiles().filter((f) => !f.endsWith('.pcapng'));
  const lines: string[] = [];
  const t0 = Date.now();
  await pool(files, 2, async (file) => {
    const path = join(corpusDir, file);
    const [wt, lp] = await Promise.all([runWiretap(path), runLibpcap(path)]);
    const ours: string[] = [];
    let err = '';
    let lt = -1;
    try {
      const r = readCapture(readFileSync(path), { strict: true });
      lt = r.pcapHeader?.linkType ?? -1;
      for (const rec of r) ours.push(`${rec.timestamp}\t${rec.captureLength}\t${rec.originalLength}\t${fnv1a64(rec.data)}`);
    } catch (e) {
      err = e instanceof CaptureFormatError ? `CFE ${e.message}` : `OTHER ${String(e)}`;
    }
    for (const [name, o] of [['wiretap', wt], ['libpcap', lp]] as const) {
      const theirs = o.frames.map((f) => `${f.ns}\t${f.capLen}\t${f.len}\t${f.fnv}`);
      let diff = '';
      if (o.linkType !== undefined && o.linkType !== lt) diff += ` linktype ${lt} vs ${o.linkType};`;
      if (ours.length !== theirs.length) diff += ` count ${ours.length} vs ${theirs.length};`;
      for (let i = 0; i < Math.min(ours.length, theirs.length); i++) {
        if (ours[i] !== theirs[i]) { diff += ` pkt ${i}: ${ours[i]} vs ${theirs[i]};`; break; }
      }
      if (diff || err || o.error) lines.push(`${name} ${file}: ${diff} | ours: ${err} | them: ${o.error}`);
    }
  });
  lines.push(`took ${Date.now() - t0} ms`);
  writeFileSync('/tmp/fx/explore.txt', lines.join('\n'));
  expect(files.length).toBeGreaterThan(0);
}, 600_000);
