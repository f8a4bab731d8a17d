/** A timestamp unit: one unit is `base ** -exponent` seconds (pcapng if_tsresol; pcap is 10^-6 or 10^-9). */
export interface TimestampResolution {
  readonly base: 2 | 10;
  readonly exponent: number;
}

export const MICROSECONDS: TimestampResolution = { base: 10, exponent: 6 };
export const NANOSECONDS: TimestampResolution = { base: 10, exponent: 9 };

/** Decodes the if_tsresol byte: high bit set means a power of two, else a power of ten. */
export function resolutionFromTsresol(byte: number): TimestampResolution {
  return byte & 0x80 ? { base: 2, exponent: byte & 0x7f } : { base: 10, exponent: byte };
}

export function tsresolByte(resolution: TimestampResolution): number {
  return resolution.base === 2 ? 0x80 | resolution.exponent : resolution.exponent;
}

export function unitsPerSecond(resolution: TimestampResolution): bigint {
  return BigInt(resolution.base) ** BigInt(resolution.exponent);
}

const NS_PER_S = 1_000_000_000n;

/** Exact nanoseconds for a count of units, rounded toward negative infinity when units are finer than 1 ns. */
export function unitsToNs(units: bigint, perSecond: bigint): bigint {
  if (perSecond === NS_PER_S) return units;
  const seconds = units / perSecond;
  const rest = units % perSecond;
  return seconds * NS_PER_S + (rest * NS_PER_S) / perSecond;
}

/** Units for a nanosecond time, rounded down: the inverse of {@link unitsToNs} where exact. */
export function nsToUnits(ns: bigint, perSecond: bigint): bigint {
  if (perSecond === NS_PER_S) return ns;
  const seconds = ns / NS_PER_S;
  const rest = ns % NS_PER_S;
  return seconds * perSecond + (rest * perSecond) / NS_PER_S;
}

export const NS_PER_SECOND_N = NS_PER_S;
