import type { CaptureStats } from './types.js';

/**
 * Running 64-bit totals from kernel counters that reset on every read (Linux PACKET_STATISTICS)
 * or wrap at 2^32 (BSD bpf_stat, pcap_stat). Feed each reading to the matching method.
 */
export class StatsAccumulator {
  private received = 0n;
  private dropped = 0n;
  private ifDropped = 0n;
  private lastCumulative: { received: number; dropped: number; ifDropped: number } | null = null;

  /** A reading of counters that restarted from zero after the previous read. */
  addDelta(received: number, dropped: number, ifDropped = 0): void {
    this.received += BigInt(received >>> 0);
    this.dropped += BigInt(dropped >>> 0);
    this.ifDropped += BigInt(ifDropped >>> 0);
  }

  /** A reading of cumulative 32-bit counters; a smaller value than last time means they wrapped. */
  addCumulative(received: number, dropped: number, ifDropped = 0): void {
    const now = { received: received >>> 0, dropped: dropped >>> 0, ifDropped: ifDropped >>> 0 };
    const last = this.lastCumulative ?? { received: 0, dropped: 0, ifDropped: 0 };
    const delta = (a: number, b: number): number => (a >= b ? a - b : a + 2 ** 32 - b);
    this.addDelta(
      delta(now.received, last.received),
      delta(now.dropped, last.dropped),
      delta(now.ifDropped, last.ifDropped),
    );
    this.lastCumulative = now;
  }

  snapshot(): CaptureStats {
    return { received: this.received, dropped: this.dropped, ifDropped: this.ifDropped };
  }
}
