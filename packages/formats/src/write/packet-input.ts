import type { PcapngOption } from '../pcapng/options.js';

/** A packet to write. Give the time as `timestamp` (bigint ns) or as `seconds` + `nanoseconds`. */
export interface PacketInput {
  readonly data: Uint8Array;
  /** Nanoseconds since 1970. */
  readonly timestamp?: bigint;
  /** Alternative to `timestamp` that needs no bigint. */
  readonly seconds?: number;
  readonly nanoseconds?: number;
  /** Length on the wire; defaults to `data.length`. */
  readonly originalLength?: number;
  /** pcapng: interface index (default 0). */
  readonly interfaceId?: number;
  /** pcapng: EPB options, written in order. */
  readonly options?: readonly PcapngOption[];
}

const NS = 1_000_000_000n;

/** Splits the input's time into whole seconds and nanoseconds (numbers when possible). */
export function splitTime(p: PacketInput): { seconds: number; nanoseconds: number } {
  if (p.timestamp !== undefined) {
    let s = p.timestamp / NS;
    let ns = p.timestamp % NS;
    if (ns < 0n) {
      ns += NS;
      s -= 1n;
    }
    return { seconds: Number(s), nanoseconds: Number(ns) };
  }
  return { seconds: p.seconds ?? 0, nanoseconds: p.nanoseconds ?? 0 };
}
