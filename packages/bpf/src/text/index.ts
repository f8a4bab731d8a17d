// assemble()/disassemble(): one entry point over the four text syntaxes.
import { BpfParseError, positionAt } from '../errors.js';
import type { Instruction, Program } from '../instruction.js';
import { parseBpfAsm, printBpfAsm } from './bpf-asm.js';
import { parseCArray, printCArray } from './c-array.js';
import { parseDecimal, printDecimal } from './decimal.js';
import { parseListing, printListing } from './listing.js';

/**
 * The text forms of a program:
 * - `listing`: `tcpdump -d` (libpcap's bpf_image), jump targets absolute;
 * - `c`: `tcpdump -dd` / `bpf_asm -c`, C initialisers;
 * - `decimal`: `tcpdump -ddd` / `bpf_asm`, a count then "code jt jf k" (newline- or comma-separated);
 * - `bpf_asm`: the Linux kernel's bpf_asm source with labels.
 */
export type TextSyntax = 'listing' | 'c' | 'decimal' | 'bpf_asm';

export interface AssembleOptions {
  /** Default 'auto': guessed from the first non-blank character. */
  syntax?: TextSyntax | 'auto';
}

export interface DisassembleOptions {
  /** Default 'listing'. */
  format?: TextSyntax;
  /** listing only: append libpcap's `; 0xNNNN` opcode comments. */
  opcodes?: boolean;
  /** decimal only: ',' for iptables' `--bytecode` form. */
  separator?: '\n' | ',';
}

/** Guesses the syntax of `text`: "(000)" listing, "{" C array, digits-only decimal, else bpf_asm. */
export function detectSyntax(text: string): TextSyntax {
  const t = text.trimStart();
  if (t.startsWith('(')) return 'listing';
  if (t.startsWith('{')) return 'c';
  if (/^[\d\s,]+$/.test(t) && t.length > 0) return 'decimal';
  return 'bpf_asm';
}

/** Parses program text; throws BpfParseError with the line and column of the first problem. */
export function assemble(text: string, options: AssembleOptions = {}): Instruction[] {
  if (typeof text !== 'string')
    throw new BpfParseError('program text must be a string', 'auto', positionAt('', 0));
  const syntax = !options.syntax || options.syntax === 'auto' ? detectSyntax(text) : options.syntax;
  switch (syntax) {
    case 'listing':
      return parseListing(text);
    case 'c':
      return parseCArray(text);
    case 'decimal':
      return parseDecimal(text);
    case 'bpf_asm':
      return parseBpfAsm(text);
    default:
      throw new BpfParseError(`unknown syntax "${String(syntax)}"`, String(syntax), positionAt(text, 0));
  }
}

/** Prints a program in one of the text syntaxes; `assemble` reads every one of them back. */
export function disassemble(program: Program, options: DisassembleOptions = {}): string {
  switch (options.format ?? 'listing') {
    case 'listing':
      return printListing(program, options.opcodes ? { opcodes: true } : {});
    case 'c':
      return printCArray(program);
    case 'decimal':
      return printDecimal(program, options.separator ? { separator: options.separator } : {});
    case 'bpf_asm':
      return printBpfAsm(program);
  }
}
