// Errors of this package. A malformed read buffer is an OS-level fault (the kernel broke its own
// format, or the buffer was not what read() returned), so it is a CaptureError with ECAPTURE_OS.
import { CaptureError } from '@pktkit/capture-api';

export type BpfBufferErrorReason =
  /** `length` is negative, fractional or beyond the buffer. */
  | 'length'
  /** Fewer bytes remain than a record header needs. */
  | 'truncated-header'
  /** bh_hdrlen is smaller than the header structure. */
  | 'header-length'
  /** bh_hdrlen + bh_caplen runs past the end of the data read. */
  | 'truncated-record'
  /** bh_caplen is larger than bh_datalen (the kernel never captures more than the wire length). */
  | 'caplen-exceeds-wire'
  /** The seconds do not fit a safe integer or the fraction is out of its unit's range. */
  | 'timestamp';

/** A /dev/bpf read buffer that does not follow the record format; `offset` is the bad record's start. */
export class BpfBufferError extends CaptureError {
  readonly reason: BpfBufferErrorReason;
  readonly offset: number;
  constructor(reason: BpfBufferErrorReason, offset: number, detail: string) {
    super('ECAPTURE_OS', `malformed /dev/bpf buffer at byte ${offset} (${reason}): ${detail}`);
    this.reason = reason;
    this.offset = offset;
  }
}
