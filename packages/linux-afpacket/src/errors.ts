// Errors this package throws. OS errors keep Node's shape (code, errno, syscall) and add what to do.
// (When this package implements @pktkit/capture-api's backend, these map onto its typed errors.)

/** An operating-system error from an AF_PACKET call. */
export class AfPacketError extends Error {
  /** OS error name: 'EPERM', 'ENODEV', 'EAGAIN'… */
  readonly code: string;
  /** Negative errno, as in Node's own errors (util.getSystemErrorName works on it). */
  readonly errno: number;
  readonly syscall: string;
  /** The interface the call was about, when there is one. */
  readonly device: string | undefined;
  constructor(
    message: string,
    fields: { code: string; errno: number; syscall: string; device?: string; cause?: unknown },
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'AfPacketError';
    this.code = fields.code;
    this.errno = fields.errno;
    this.syscall = fields.syscall;
    this.device = fields.device;
  }
}

export type AddonUnavailableCode =
  | 'ERR_PKTKIT_UNSUPPORTED_PLATFORM'
  | 'ERR_PKTKIT_ADDON_NOT_BUILT'
  | 'ERR_PKTKIT_ADDON_LOAD_FAILED';

/** The native addon cannot be used here; the message says how to fix it. */
export class AddonUnavailableError extends Error {
  readonly code: AddonUnavailableCode;
  constructor(code: AddonUnavailableCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AddonUnavailableError';
    this.code = code;
  }
}

interface NativeErrorFields {
  code: string;
  errno: number;
  syscall: string;
}

function isNativeError(e: unknown): e is Error & NativeErrorFields {
  return (
    e instanceof Error &&
    typeof (e as Partial<NativeErrorFields>).code === 'string' &&
    typeof (e as Partial<NativeErrorFields>).errno === 'number' &&
    typeof (e as Partial<NativeErrorFields>).syscall === 'string'
  );
}

/** What the user should do about an error, by OS code. */
function advice(code: string, syscall: string, device: string | undefined): string {
  if ((code === 'EPERM' || code === 'EACCES') && syscall === 'socket') {
    return 'opening an AF_PACKET socket needs CAP_NET_RAW: run as root, or grant it to node (setcap cap_net_raw+ep "$(command -v node)")';
  }
  if (code === 'ENODEV' || code === 'ENXIO') {
    return `no such network interface${device === undefined ? '' : `: ${device}`} (in this network namespace)`;
  }
  if (code === 'ENETDOWN') return `interface ${device ?? ''} is down`.trim();
  return '';
}

/** Re-throws what the addon threw as an AfPacketError with context; other errors pass unchanged. */
export function translate(e: unknown, device?: string): never {
  if (!isNativeError(e)) throw e;
  const hint = advice(e.code, e.syscall, device);
  throw new AfPacketError(hint ? `${e.message}: ${hint}` : e.message, {
    code: e.code,
    errno: e.errno,
    syscall: e.syscall,
    ...(device === undefined ? {} : { device }),
    cause: e,
  });
}
