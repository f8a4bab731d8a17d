// Decode → build reproduces every corpus packet byte for byte; crash files decode without exceptions.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder, decode } from '../src/index.js';
import { corpusPackets, SUPPORTED_LINKS } from './helpers/corpus.js';

const { packets } = corpusPackets();

describe('corpus round trip', () => {
  it('rebuilds every packet of a supported link type byte-identically', () => {
    let n = 0;
    const failures: string[] = [];
    for (const p of packets) {
      if (!SUPPORTED_LINKS.has(p.linkType)) continue;
      n++;
      const rebuilt = decode(p.data, p.linkType).bytes();
      if (Buffer.compare(Buffer.from(rebuilt), Buffer.from(p.data)) !== 0)
        failures.push(`${basename(p.file)}#${p.index}`);
    }
    expect(n).toBeGreaterThan(10000);
    expect(failures).toEqual([]);
  });
});

describe('crash files from the tcpdump corpus', () => {
  const crash = packets.filter((p) => /overflow|oobr|crash|asan/i.test(basename(p.file)));
  it('decode, describe and rebuild with no exception escaping', () => {
    expect(crash.length).toBeGreaterThan(100);
    const d = new Decoder();
    let layers = 0;
    for (const p of crash) {
      d.decode(p.data, 0, p.data.length, p.linkType);
      layers += d.count;
      for (let i = 0; i < d.count; i++) {
        const v = d.layer(i)!;
        // Every getter of every view, on hostile bytes.
        for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(v))) {
          const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(v), key);
          if (desc?.get) desc.get.call(v);
        }
        expect(v.missing).toBeGreaterThanOrEqual(0);
      }
      d.toJSON();
      d.summary();
      d.show();
      d.toPacket().bytes();
    }
    expect(layers).toBeGreaterThan(crash.length);
  });
});
