// Errors of this package. A malformed read buffer is an OS-level fault (the kernel broke its own
// format, or the buffer was not what read() returned), so it is a CaptureError with ECAPTURE_OS.
import { CaptureError, DeviceGoneError, NoSuchDeviceError, PermissionError } from '@pktkit/capture-api';

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

interface NativeErrorFields {
  code: string;
  errno: number;
  syscall: string;
}

/** An error thrown by the addon: Node's shape (code 'ENXIO', negative errno, syscall). */
export function isOsError(e: unknown): e is Error & NativeErrorFields {
  return (
    e instanceof Error &&
    typeof (e as Partial<NativeErrorFields>).code === 'string' &&
    typeof (e as Partial<NativeErrorFields>).errno === 'number' &&
    typeof (e as Partial<NativeErrorFields>).syscall === 'string'
  );
}

/** Maps an addon error to the capture-api's typed errors; anything else is returned unchanged. */
export function toCaptureError(e: unknown, device: string, during: 'open' | 'capture'): unknown {
  if (!isOsError(e)) return e;
  const options = { cause: e, osCode: e.code, syscall: e.syscall, device };
  if ((e.code === 'EACCES' || e.code === 'EPERM') && e.syscall === 'open') {
    return new PermissionError(
      `${e.message}: capturing needs read/write access to /dev/bpf* (run as root; on macOS, Wireshark's ChmodBPF grants it to the access_bpf group)`,
      options,
    );
  }
  if (e.code === 'ENXIO' || e.code === 'ENODEV') {
    return during === 'open' ? new NoSuchDeviceError(device, options) : new DeviceGoneError(device, options);
  }
  return new CaptureError('ECAPTURE_OS', e.message, options);
}
