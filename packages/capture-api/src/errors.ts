/**
 * Typed errors every capture backend throws, so callers can tell "you lack a privilege" from
 * "that interface does not exist" from "the interface went away while capturing" without
 * parsing messages. `code` is stable; messages say what to do.
 */
export type CaptureErrorCode =
  | 'EPERM_CAPTURE'
  | 'ENODEV_CAPTURE'
  | 'EDEVICE_GONE'
  | 'EBACKEND_UNAVAILABLE'
  | 'ECAPTURE_CLOSED'
  | 'ECAPTURE_OS'
  | 'EINVALID_OPTION';

export interface CaptureErrorOptions {
  cause?: unknown;
  /** The OS error name behind it, when there is one ('EPERM', 'ENODEV'…). */
  osCode?: string;
  /** The system call that failed, when there is one. */
  syscall?: string;
  /** The device the operation was about. */
  device?: string;
}

export class CaptureError extends Error {
  readonly code: CaptureErrorCode;
  readonly osCode: string | undefined;
  readonly syscall: string | undefined;
  readonly device: string | undefined;
  constructor(code: CaptureErrorCode, message: string, options: CaptureErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.osCode = options.osCode;
    this.syscall = options.syscall;
    this.device = options.device;
  }
}

/** The process may not capture: on Linux it needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode). */
export class PermissionError extends CaptureError {
  constructor(message: string, options: CaptureErrorOptions = {}) {
    super('EPERM_CAPTURE', message, options);
  }
}

/** The named interface does not exist (or is not visible in this network namespace). */
export class NoSuchDeviceError extends CaptureError {
  constructor(device: string, options: CaptureErrorOptions = {}) {
    super('ENODEV_CAPTURE', `no such capture device: ${device}`, { ...options, device });
  }
}

/** The interface disappeared while a capture was open on it. */
export class DeviceGoneError extends CaptureError {
  constructor(device: string, options: CaptureErrorOptions = {}) {
    super('EDEVICE_GONE', `capture device went away: ${device}`, { ...options, device });
  }
}

/** The backend cannot run here: wrong platform, native addon not built, system library missing. */
export class BackendUnavailableError extends CaptureError {
  constructor(message: string, options: CaptureErrorOptions = {}) {
    super('EBACKEND_UNAVAILABLE', message, options);
  }
}

/** An open option is out of range or of the wrong kind; `option` names it. */
export class InvalidOptionError extends CaptureError {
  readonly option: string;
  constructor(option: string, message: string) {
    super('EINVALID_OPTION', `invalid capture option ${option}: ${message}`);
    this.option = option;
  }
}

/** The capture was closed; operations other than close() fail with this. */
export class CaptureClosedError extends CaptureError {
  constructor(device: string) {
    super('ECAPTURE_CLOSED', `capture on ${device} is closed`, { device });
  }
}
