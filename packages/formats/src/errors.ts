/** Machine-readable reason for a {@link CaptureFormatError}. */
export type CaptureErrorCode =
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_VERSION'
  | 'TRUNCATED'
  | 'LIMIT_EXCEEDED'
  | 'BAD_BLOCK'
  | 'BAD_OPTION'
  | 'BAD_LINKTYPE'
  | 'BAD_INTERFACE'
  | 'BAD_ARGUMENT';

/**
 * The only error the readers and writers throw for bad input. `offset` is the absolute byte
 * offset in the file (or stream) of the structure that is wrong, so a user can open a hex dump there.
 */
export class CaptureFormatError extends Error {
  override readonly name = 'CaptureFormatError';
  readonly code: CaptureErrorCode;
  readonly offset: number;
  constructor(code: CaptureErrorCode, message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}
