// A generic request/response session: requests wait under a key until a response with the same
// key arrives, a retry (same key again) is counted on the waiting request, and requests left
// unanswered past the capture-time timeout are reported. Memory is bounded by `maxPending`.
import { checkIntOption, checkTimeOption } from '../sequence/errors.js';

export interface PendingRequest<Q> {
  readonly key: string;
  readonly request: Q;
  /** Capture time of the first and of the latest transmission. */
  readonly firstTime: bigint;
  lastTime: bigint;
  /** Transmissions after the first. */
  retries: number;
}

export interface Exchange<Q, R> {
  readonly key: string;
  readonly request: Q;
  readonly response: R;
  readonly retries: number;
  /** Response time from the latest transmission of the request. */
  readonly latency: bigint;
  readonly requestTime: bigint;
  readonly responseTime: bigint;
}

export interface RequestResponseOptions<Q, R> {
  /** Capture time after which a request counts as unanswered (default 10 s). */
  timeout?: bigint;
  /** Requests waiting at once; the oldest is reported unanswered beyond this (default 100,000). */
  maxPending?: number;
  matched?: (exchange: Exchange<Q, R>) => void;
  unanswered?: (request: PendingRequest<Q>, reason: 'timeout' | 'evicted' | 'end') => void;
  /** A response no waiting request matches (late, spoofed, or its request was not captured). */
  unmatched?: (key: string, response: R, time: bigint) => void;
}

export class RequestResponseSession<Q, R> {
  private readonly pending = new Map<string, PendingRequest<Q>>();
  private readonly timeout: bigint;
  private readonly maxPending: number;
  private readonly options: RequestResponseOptions<Q, R>;
  private checkAt = -1n;
  counts = { requests: 0, retries: 0, matched: 0, unanswered: 0, unmatched: 0 };

  constructor(options: RequestResponseOptions<Q, R> = {}) {
    this.options = options;
    this.timeout = checkTimeOption('timeout', options.timeout ?? 10_000_000_000n);
    this.maxPending = checkIntOption('maxPending', options.maxPending ?? 100_000, 1, 1 << 30);
  }

  get waiting(): number {
    return this.pending.size;
  }

  request(key: string, time: bigint, request: Q): void {
    if (time >= this.checkAt) this.expire(time);
    this.counts.requests++;
    const p = this.pending.get(key);
    if (p !== undefined) {
      p.retries++;
      p.lastTime = time;
      this.counts.retries++;
      // Re-insert so the map stays ordered by latest transmission, for expiry.
      this.pending.delete(key);
      this.pending.set(key, p);
      return;
    }
    while (this.pending.size >= this.maxPending) {
      const oldest = this.pending.values().next().value as PendingRequest<Q>;
      this.giveUp(oldest, 'evicted');
    }
    this.pending.set(key, { key, request, firstTime: time, lastTime: time, retries: 0 });
  }

  /** Returns true when the response matched a waiting request. */
  response(key: string, time: bigint, response: R): boolean {
    if (time >= this.checkAt) this.expire(time);
    const p = this.pending.get(key);
    if (p === undefined) {
      this.counts.unmatched++;
      this.options.unmatched?.(key, response, time);
      return false;
    }
    this.pending.delete(key);
    this.counts.matched++;
    this.options.matched?.({
      key,
      request: p.request,
      response,
      retries: p.retries,
      latency: time - p.lastTime,
      requestTime: p.firstTime,
      responseTime: time,
    });
    return true;
  }

  /** Reports requests older than the timeout at capture time `now`. */
  expire(now: bigint): void {
    const limit = now - this.timeout;
    for (const p of this.pending.values()) {
      if (p.lastTime >= limit) break;
      this.giveUp(p, 'timeout');
    }
    this.checkAt = now + 1_000_000_000n;
  }

  /** End of capture: every request still waiting is unanswered. */
  flush(): void {
    for (const p of [...this.pending.values()]) this.giveUp(p, 'end');
  }

  private giveUp(p: PendingRequest<Q>, reason: 'timeout' | 'evicted' | 'end'): void {
    this.pending.delete(p.key);
    this.counts.unanswered++;
    this.options.unanswered?.(p, reason);
  }
}
