// The pcapng test-generator set: each .pcapng comes with a .txt listing its blocks. Every block must be
// read back in that order, every option of every block decoded, and the file rewritten byte for byte.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { optionText, type PcapngBlock, readCapture } from '../src/index.js';
import { corpusDir } from './helpers/corpus.js';
import { rewrite } from './helpers/roundtrip.js';

const dirs = ['output_le', 'output_be'].map((d) => join(corpusDir, 'pcapng-conformance', d));
const cases = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.pcapng'))
    .map((f) => ({ name: `${dir.endsWith('_le') ? 'le' : 'be'}/${f}`, path: join(dir, f) })),
);

interface Expected {
  description: string;
  sequence: string[];
  counts: Record<string, number>;
}

function parseTxt(text: string): Expected {
  const description = /Description:\s*(.*)/.exec(text)?.[1]?.trim() ?? '';
  const sequence = (/Block sequence:\s*(.*)/.exec(text)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^\s+([A-Z]+):\s+(\d+)$/gm)) counts[m[1]!] = Number(m[2]);
  return { description, sequence, counts };
}

function blockName(block: PcapngBlock): string {
  switch (block.type) {
    case 'custom':
      return block.copyable ? 'CB' : 'DCB';
    case 'unknown':
      return `0x${block.blockType.toString(16)}`;
    default:
      return block.type.toUpperCase();
  }
}

describe('pcapng conformance set', () => {
  test('the set is complete (both byte orders)', () => {
    expect(cases.length).toBe(48);
  });

  for (const c of cases) {
    test(`${c.name}: blocks and options as described`, () => {
      const expected = parseTxt(readFileSync(c.path.replace(/\.pcapng$/, '.txt'), 'utf8'));
      const bytes = new Uint8Array(readFileSync(c.path));
      const seen: string[] = [];
      const blocks: PcapngBlock[] = [];
      const reader = readCapture(bytes, {
        strict: true,
        onBlock: (block) => {
          seen.push(blockName(block));
          blocks.push(block);
        },
      });
      for (const record of reader) {
        seen.push(record.kind.toUpperCase());
        // Every EPB option decodes; the decoded list covers the whole options area.
        const options = record.options;
        const decoded = record.packetOptions;
        expect(decoded.all).toEqual(options);
        if (record.kind === 'spb') expect(options).toEqual([]);
      }
      expect(seen).toEqual(expected.sequence);
      const counts: Record<string, number> = {};
      for (const name of seen) counts[name] = (counts[name] ?? 0) + 1;
      expect(counts).toEqual(expected.counts);
      for (const block of blocks) {
        if (block.type === 'shb') {
          expect(block.versionMajor).toBe(1);
          for (const o of block.options) expect(typeof optionText(o.value)).toBe('string');
        }
        if (block.type === 'idb') expect(block.interface.options).toBe(block.options);
        if (block.type === 'nrb') {
          for (const r of block.records) {
            if (r.recordType === 1) expect(r.address?.length).toBe(4);
            if (r.recordType === 2) expect(r.address?.length).toBe(16);
          }
        }
        if (block.type === 'isb') expect(block.interfaceId).toBeLessThan(8);
      }
      // Lossless: every block and option written back exactly.
      expect(Buffer.compare(Buffer.from(rewrite(bytes)), Buffer.from(bytes))).toBe(0);
    });
  }

  test('test007 (SHB with all options): shb_hardware, shb_os, shb_userappl and comments decoded', () => {
    const bytes = new Uint8Array(readFileSync(join(dirs[0]!, 'test007.pcapng')));
    const shbs: PcapngBlock[] = [];
    for (const _ of readCapture(bytes, { onBlock: (b) => b.type === 'shb' && shbs.push(b) }));
    const shb = shbs[0]!;
    expect(shb.type).toBe('shb');
    if (shb.type !== 'shb') return;
    const codes = shb.options.map((o) => o.code).sort((a, b) => a - b);
    expect(codes).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });
});
