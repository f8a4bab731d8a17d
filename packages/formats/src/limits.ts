/** Reader settings; every limit bounds memory a hostile file can make us allocate. */
export interface ReadOptions {
  /**
   * Strict mode turns a truncated last record into a `TRUNCATED` error. Lax mode (the default)
   * yields the partial record flagged `truncated` (or ends cleanly when not even its header is there).
   */
  strict?: boolean;
  /** Largest captured length accepted for one packet (default 262144, libpcap's MAXIMUM_SNAPLEN). */
  maxCaptureLength?: number;
  /** Largest pcapng block accepted, in bytes (default 16 MiB, as libpcap). */
  maxBlockSize?: number;
  /** Largest pcapng Section Header Block accepted, in bytes (default 1 MiB). */
  maxSectionHeaderSize?: number;
  /**
   * What to do with a pcapng section whose SHB has an unknown major version after the first one:
   * 'skip' its blocks (the spec's advice, the default) or 'error'. The first SHB is always checked.
   */
  unknownVersion?: 'skip' | 'error';
}

export interface ResolvedReadOptions {
  strict: boolean;
  maxCaptureLength: number;
  maxBlockSize: number;
  maxSectionHeaderSize: number;
  unknownVersion: 'skip' | 'error';
}

export const DEFAULT_MAX_CAPTURE_LENGTH = 262_144;
export const DEFAULT_MAX_BLOCK_SIZE = 16 * 1024 * 1024;
export const DEFAULT_MAX_SHB_SIZE = 1024 * 1024;

export function resolveReadOptions(options: ReadOptions = {}): ResolvedReadOptions {
  const maxCaptureLength = options.maxCaptureLength ?? DEFAULT_MAX_CAPTURE_LENGTH;
  const maxBlockSize = Math.max(options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE, maxCaptureLength + 32);
  return {
    strict: options.strict ?? false,
    maxCaptureLength,
    maxBlockSize,
    maxSectionHeaderSize: options.maxSectionHeaderSize ?? DEFAULT_MAX_SHB_SIZE,
    unknownVersion: options.unknownVersion ?? 'skip',
  };
}
