// Distinct exit codes per failure kind, and one place that turns any error into a clear message.
import { CaptureError } from '@pktkit/capture-api';

export const ExitCode = {
  Ok: 0,
  Failure: 1,
  /** Bad command line (commander's own code). */
  Usage: 2,
  /** Not allowed to capture: needs root or CAP_NET_RAW. */
  Permission: 3,
  NoSuchDevice: 4,
  BadFilter: 5,
  /** Input file missing, unreadable or not a capture. */
  BadFile: 6,
  /** No capture backend can run here. */
  NoBackend: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI already worded for the user. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** Maps an error to (message, exit code). Classes are matched by name too: bundles may duplicate them. */
export function classify(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof CaptureError || typeof code === 'string') {
    switch (code) {
      case 'EPERM_CAPTURE':
        return {
          message: `${message}\n(run as root, or grant the binary CAP_NET_RAW and CAP_NET_ADMIN)`,
          exitCode: ExitCode.Permission,
        };
      case 'ENODEV_CAPTURE':
        return {
          message: `${message}\n(list devices with: pktkit interfaces)`,
          exitCode: ExitCode.NoSuchDevice,
        };
      case 'EBACKEND_UNAVAILABLE':
        return { message, exitCode: ExitCode.NoBackend };
      case 'ENOENT':
      case 'EACCES':
      case 'EISDIR':
        return { message, exitCode: ExitCode.BadFile };
    }
  }
  const name = errorName(error);
  if (name === 'FilterError' || name === 'BpfParseError') {
    return { message: `bad filter expression: ${message}`, exitCode: ExitCode.BadFilter };
  }
  if (name === 'CaptureFormatError')
    return { message: `bad capture file: ${message}`, exitCode: ExitCode.BadFile };
  return { message, exitCode: ExitCode.Failure };
}
