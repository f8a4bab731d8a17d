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
