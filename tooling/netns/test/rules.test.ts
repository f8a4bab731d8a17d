import { describe, expect, it } from 'vitest';
import { decideLive, isCI } from '../src/index.js';
import { MAX_IFNAME, netNames, pidOfLink, pidOfNamespace } from '../src/names.js';

describe('decideLive: the one rule for live tests', () => {
  const missing = { ok: false, reason: 'needs CAP_NET_ADMIN' } as const;
  it('runs whenever live networking is available, CI or not', () => {
    expect(decideLive({ ok: true }, false)).toEqual({ kind: 'run' });
    expect(decideLive({ ok: true }, true)).toEqual({ kind: 'run' });
  });
  it('skips with the reason outside CI', () => {
    expect(decideLive(missing, false)).toEqual({ kind: 'skip', reason: 'needs CAP_NET_ADMIN' });
  });
  it('fails, naming the reason, under CI', () => {
    const d = decideLive(missing, true);
    expect(d.kind).toBe('fail');
    expect(d.kind === 'fail' && d.reason).toMatch(/CI=true forbids skipping\): needs CAP_NET_ADMIN/);
  });
  it('reads CI the way CI systems set it', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({ CI: '0' })).toBe(false);
    expect(isCI({ CI: '' })).toBe(false);
    expect(isCI({})).toBe(false);
  });
});

describe('names', () => {
  it('fit IFNAMSIZ for the largest Linux pid and many nets per process', () => {
    const names = netNames(4194304, 36 ** 3 - 1);
    expect(names.local.length).toBeLessThanOrEqual(MAX_IFNAME);
    expect(names.peer.length).toBeLessThanOrEqual(MAX_IFNAME);
  });
  it('embed the creator pid, recoverable by the sweep', () => {
    const names = netNames(12345, 7);
    expect(pidOfNamespace(names.namespace)).toBe(12345);
    expect(pidOfLink(names.local)).toBe(12345);
    expect(pidOfLink(names.peer)).toBe(12345);
  });
  it('are never mistaken for names the harness did not make', () => {
    for (const other of ['eth0', 'lo', 'pktkit', 'pktkit-abc-1', 'pktkit-1-2-3', 'pk', 'pkfoo', 'veth12ab']) {
      expect(pidOfNamespace(other)).toBeUndefined();
      expect(pidOfLink(other)).toBeUndefined();
    }
  });
});
