import type { Measurement } from './measure.js';

export interface ComparisonRow {
  ours: Measurement;
  peer: Measurement;
  /** What a ratio above 1 means, e.g. 'x libpcap throughput'. */
  label?: string;
  /** The acceptance bar for ours/peer throughput, printed beside the ratio. */
  goal?: number;
}

const fmtNs = (ns: number): string =>
  ns >= 1e9
    ? `${(ns / 1e9).toFixed(3)} s`
    : ns >= 1e6
      ? `${(ns / 1e6).toFixed(2)} ms`
      : `${(ns / 1e3).toFixed(1)} µs`;

/** Throughput ratio ours/peer (higher is better for ours), from medians per unit of work. */
export function throughputRatio(ours: Measurement, peer: Measurement): number {
  return peer.medianNs / peer.units / (ours.medianNs / ours.units);
}

export function describe(m: Measurement): string {
  const perUnit = m.medianNs / m.units;
  const rate = m.units / (m.medianNs / 1e9);
  return `${m.name}: median ${fmtNs(m.medianNs)} over ${m.samplesNs.length} runs, ${perUnit.toFixed(1)} ns/unit, ${formatRate(rate)}/s`;
}

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)}M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return rate.toFixed(1);
}

/** Prints both medians and the ratio; returns the ratio so a bench can also check its goal. */
export function printComparison(row: ComparisonRow): number {
  const ratio = throughputRatio(row.ours, row.peer);
  console.log(`  ${describe(row.ours)}`);
  console.log(`  ${describe(row.peer)}`);
  const goal =
    row.goal === undefined ? '' : ` (goal ≥ ${row.goal}x: ${ratio >= row.goal ? 'met' : 'NOT met'})`;
  console.log(`  ratio: ${ratio.toFixed(2)}${row.label ? ` ${row.label}` : 'x'}${goal}`);
  return ratio;
}
