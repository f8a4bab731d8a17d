import { InvalidOptionError } from './errors.js';
import type { CaptureDirection, FanoutMode, FilterProgram, OpenOptions } from './types.js';

/** Open options with every default applied; what backends actually work from. */
export interface ResolvedOpenOptions {
  device: string;
  snaplen: number;
  promiscuous: boolean;
  immediate: boolean;
  timeoutMs: number;
  bufferSize: number;
  direction: CaptureDirection;
  nanoseconds: boolean;
  fanout: { group: number; mode: FanoutMode; defrag: boolean } | null;
  reconstructVlan: boolean;
  filter: FilterProgram | null;
}

/** libpcap's default snapshot length. */
export const DEFAULT_SNAPLEN = 262144;
/** libpcap's default buffer on Linux. */
export const DEFAULT_BUFFER_SIZE = 2 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 100;

const DIRECTIONS: readonly CaptureDirection[] = ['in', 'out', 'both'];
const FANOUT_MODES: readonly FanoutMode[] = ['hash', 'lb', 'cpu', 'rollover', 'random', 'qm'];
// Linux's IFNAMSIZ is 16 with the NUL; Windows device names (\Device\NPF_{GUID}) are longer.
const MAX_DEVICE_NAME = 255;

function integer(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `expected an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and validates, so every backend rejects bad options the same way. */
export function resolveOpenOptions(options: OpenOptions): ResolvedOpenOptions {
  if (
    typeof options.device !== 'string' ||
    options.device.length === 0 ||
    options.device.length > MAX_DEVICE_NAME
  ) {
    throw new InvalidOptionError('device', 'expected a non-empty interface name');
  }
  const direction = options.direction ?? 'both';
  if (!DIRECTIONS.includes(direction)) {
    throw new InvalidOptionError(
      'direction',
      `expected one of ${DIRECTIONS.join(', ')}, got ${String(direction)}`,
    );
  }
  let fanout: ResolvedOpenOptions['fanout'] = null;
  if (options.fanout) {
    if (!FANOUT_MODES.includes(options.fanout.mode)) {
      throw new InvalidOptionError('fanout.mode', `expected one of ${FANOUT_MODES.join(', ')}`);
    }
    fanout = {
      group: integer('fanout.group', options.fanout.group, 0, 0xffff),
      mode: options.fanout.mode,
      defrag: options.fanout.defrag ?? false,
    };
  }
  return {
    device: options.device,
    snaplen: integer('snaplen', options.snaplen ?? DEFAULT_SNAPLEN, 1, DEFAULT_SNAPLEN),
    promiscuous: options.promiscuous ?? true,
    immediate: options.immediate ?? false,
    timeoutMs: integer('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 0, 60_000),
    bufferSize: integer('bufferSize', options.bufferSize ?? DEFAULT_BUFFER_SIZE, 65536, 2 ** 31 - 1),
    direction,
    nanoseconds: options.nanoseconds ?? true,
    fanout,
    reconstructVlan: options.reconstructVlan ?? true,
    filter: options.filter ?? null,
  };
}
