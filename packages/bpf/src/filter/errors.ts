/**
 * A filter expression that cannot be compiled. `message` is libpcap's text for the same
 * failure (so callers and tests can match on it); `position` is the 0-based offset in the
 * expression where the problem was found, when known.
 */
export class FilterError extends Error {
  readonly position: number | undefined;
  constructor(message: string, position?: number) {
    super(message);
    this.name = 'FilterError';
    this.position = position;
  }
}

export const SYNTAX_ERROR = "can't parse filter expression: syntax error";

export function fail(message: string, position?: number): never {
  throw new FilterError(message, position);
}
