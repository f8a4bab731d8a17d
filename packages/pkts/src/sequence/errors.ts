// Typed errors of the sequence engines: only for caller mistakes (bad options), never for hostile
// traffic, which is reported through events and counters instead.
import { PktsError } from '../core/errors.js';

/** An option passed to a defragmenter, reassembler or session is out of range. */
export class SequenceConfigError extends PktsError {
  override readonly name = 'SequenceConfigError';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}

/** Throws SequenceConfigError unless `value` is an integer in [min, max]. */
export function checkIntOption(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SequenceConfigError(option, `must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** Throws SequenceConfigError unless `value` is a non-negative bigint. */
export function checkTimeOption(option: string, value: bigint): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new SequenceConfigError(option, 'must be a non-negative bigint of nanoseconds');
  }
  return value;
}
