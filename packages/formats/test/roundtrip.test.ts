import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CaptureFormatError, pcapngToPcap, pcapToPcapng, readCapture } from '../src/index.js';
import { corpusDir, corpusFiles } from './helpers/corpus.js';
import { rewrite } from './helpers/roundtrip.js';

const files = corpusFiles();
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

function tuples(bytes: Uint8Array): string[] {
  // Array.from maps while iterating: the reader reuses one record object.
  return Array.from(
    readCapture(bytes),
    (r) => `${r.linkType} ${r.timestamp} ${r.captureLength} ${r.originalLength} ${md5(r.data)}`,
  );
}

describe('round trip over the corpus', () => {
  test('every readable file, read and written back in its format, is byte-identical', () => {
    const differ: string[] = [];
    let checked = 0;
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(join(corpusDir, file)));
      let out: Uint8Array;
      try {
        out = rewrite(bytes);
      } catch (error) {
        if (error instanceof CaptureFormatError) continue; // rejected files: see differential.test.ts
        throw error;
      }
      checked++;
      if (Buffer.compare(Buffer.from(out), Buffer.from(bytes)) !== 0) differ.push(file);
    }
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(780);
  });

  test('pcap → pcapng → pcap keeps every packet (link type, ns time, lengths, bytes)', () => {
    let converted = 0;
    for (const file of files.filter((f) => f.endsWith('.pcap'))) {
      const bytes = new Uint8Array(readFileSync(join(corpusDir, file)));
      let before: string[];
      try {
        before = tuples(bytes);
      } catch {
        continue;
      }
      // Out-of-range fractions (≥ 1 s) are normalised by conversion; compare times, not words.
      const ng = pcapToPcapng(bytes);
      expect(readCapture(ng).format).toBe('pcapng');
      expect(tuples(ng)).toEqual(before);
      expect(tuples(pcapngToPcap(ng))).toEqual(before);
      converted++;
    }
    expect(converted).toBeGreaterThan(650);
  });

  test('pcapng → pcap refuses mixed link types with a typed error', () => {
    const bytes = new Uint8Array(
      readFileSync(join(corpusDir, 'pcapng-conformance/output_le/test006.pcapng')),
    );
    expect(() => pcapngToPcap(bytes)).toThrow(CaptureFormatError);
  });
});
