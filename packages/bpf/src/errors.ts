// Typed errors: every failure says where (instruction index or text position) so tools can point at it.

/** Where in a source text a parse error happened (1-based line and column, 0-based offset). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Base class of every error this package throws on bad input. */
export class BpfError extends Error {
  override name = 'BpfError';
}

/** Text that does not parse in the requested syntax. */
export class BpfParseError extends BpfError {
  override name = 'BpfParseError';
  readonly position: TextPosition;
  readonly syntax: string;
  constructor(message: string, syntax: string, position: TextPosition) {
    super(`${syntax}:${position.line}:${position.column}: ${message}`);
    this.position = position;
    this.syntax = syntax;
  }
}

/** Why the verifier rejected a program (one code per kernel rule). */
export type VerifyErrorCode =
  | 'empty'
  | 'too-long'
  | 'bad-field'
  | 'bad-opcode'
  | 'division-by-zero'
  | 'shift-too-large'
  | 'bad-scratch-slot'
  | 'jump-out-of-range'
  | 'bad-ancillary'
  | 'no-final-return'
  | 'uninitialised-scratch'
  | 'backward-jump-loop';

/** A program the verifier rejects; `index` is the failing instruction (-1 for whole-program faults). */
export class BpfVerifyError extends BpfError {
  override name = 'BpfVerifyError';
  readonly index: number;
  readonly code: VerifyErrorCode;
  constructor(code: VerifyErrorCode, index: number, message: string) {
    super(index >= 0 ? `instruction ${index}: ${message}` : message);
    this.code = code;
    this.index = index;
  }
}

/** Computes the 1-based line/column of `offset` in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}
