import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SNAPLEN, InvalidOptionError, resolveOpenOptions, StatsAccumulator } from '../src/index.js';

describe('resolveOpenOptions', () => {
  it('applies libpcap-like defaults', () => {
    const o = resolveOpenOptions({ device: 'eth0' });
    expect(o).toMatchObject({
      device: 'eth0',
      snaplen: DEFAULT_SNAPLEN,
      promiscuous: true,
      immediate: false,
      direction: 'both',
      fanout: null,
      filter: null,
    });
  });
  it('rejects bad values with a typed error naming the option', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ device: '' }, 'device'],
      [{ device: 'eth0', snaplen: 0 }, 'snaplen'],
      [{ device: 'eth0', snaplen: 1.5 }, 'snaplen'],
      [{ device: 'eth0', bufferSize: 10 }, 'bufferSize'],
      [{ device: 'eth0', direction: 'sideways' }, 'direction'],
      [{ device: 'eth0', fanout: { group: 70000, mode: 'hash' } }, 'fanout.group'],
      [{ device: 'eth0', fanout: { group: 1, mode: 'nope' } }, 'fanout.mode'],
    ];
    for (const [options, name] of bad) {
      let caught: unknown;
      try {
        resolveOpenOptions(options as never);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InvalidOptionError);
      expect((caught as InvalidOptionError).option).toBe(name);
    }
  });
});

describe('StatsAccumulator', () => {
  it('adds resetting counters into 64-bit totals', () => {
    const s = new StatsAccumulator();
    s.addDelta(0xffffffff, 5);
    s.addDelta(0xffffffff, 7);
    expect(s.snapshot()).toEqual({ received: 2n * 0xffffffffn, dropped: 12n, ifDropped: 0n });
  });
  it('follows cumulative 32-bit counters across wraps', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(0x7fffffff), { maxLength: 50 }), (steps) => {
        const s = new StatsAccumulator();
        let total = 0n;
        let counter = 0;
        for (const step of steps) {
          counter = (counter + step) >>> 0;
          total += BigInt(step);
          s.addCumulative(counter, 0);
        }
        expect(s.snapshot().received).toBe(total);
      }),
    );
  });
});

describe('encodeFilterProgram', () => {
  it('packs struct sock_filter entries and reads them back', async () => {
    const { decodeFilterProgram, encodeFilterProgram } = await import('../src/index.js');
    const program = [
      { code: 0x28, jt: 0, jf: 0, k: 12 },
      { code: 0x15, jt: 1, jf: 2, k: 0x88b5 },
      { code: 0x06, jt: 0, jf: 0, k: 0xffffffff },
    ];
    const bytes = encodeFilterProgram(program);
    expect(Array.from(bytes.subarray(8, 16))).toEqual([0x15, 0, 1, 2, 0xb5, 0x88, 0, 0]);
    expect(decodeFilterProgram(bytes)).toEqual(program);
    expect(decodeFilterProgram(encodeFilterProgram([{ code: 6, jt: 0, jf: 0, k: -1 }]))[0]!.k).toBe(
      0xffffffff,
    );
  });
  it('rejects empty, too long and out-of-range programs with InvalidOptionError', async () => {
    const { encodeFilterProgram } = await import('../src/index.js');
    const ret = { code: 6, jt: 0, jf: 0, k: 0 };
    expect(() => encodeFilterProgram([])).toThrow(InvalidOptionError);
    expect(() => encodeFilterProgram([ret, ret], 1)).toThrow(InvalidOptionError);
    for (const bad of [{ code: 0x10000 }, { jt: 256 }, { jf: -1 }, { k: 2 ** 32 }, { k: 0.5 }]) {
      expect(() => encodeFilterProgram([{ ...ret, ...bad }])).toThrow(InvalidOptionError);
    }
  });
});
