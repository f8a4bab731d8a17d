// @pktkit/netns/vitest: the live-test rule as vitest helpers, so every package applies it the same way:
// run when live networking is available; otherwise skip with the reason, except under CI, where the
// suite fails with the reason instead (a skipped live test in CI would hide a broken setup).
import { describe, it } from 'vitest';
import { decideLive, isCI, liveSupport } from './privileges.js';

function decision() {
  return decideLive(liveSupport(), isCI());
}

/** `describe` for tests that need namespaces, veths and raw sockets. */
export function liveDescribe(name: string, fn: () => void): void {
  const d = decision();
  if (d.kind === 'run') {
    describe(name, fn);
  } else if (d.kind === 'fail') {
    describe(name, () => {
      it('live prerequisites', () => {
        throw new Error(d.reason);
      });
    });
  } else {
    console.warn(`[@pktkit/netns] skipping live suite "${name}": ${d.reason}`);
    describe.skip(`${name} (skipped: ${d.reason})`, fn);
  }
}

/** `it` for a single live test inside an ordinary suite. */
export function liveIt(name: string, fn: () => Promise<void> | void, timeoutMs?: number): void {
  const d = decision();
  if (d.kind === 'run') {
    it(name, fn, timeoutMs);
  } else if (d.kind === 'fail') {
    it(name, () => {
      throw new Error(d.reason);
    });
  } else {
    console.warn(`[@pktkit/netns] skipping live test "${name}": ${d.reason}`);
    it.skip(`${name} (skipped: ${d.reason})`, fn);
  }
}
