// Turns generated source into a function. Kept apart so environments that forbid code generation
// (CSP without 'unsafe-eval', some edge runtimes) fail here and only here.
import { readAncillary } from '../ancillary.js';
import type { Program } from '../instruction.js';
import { linuxLoadPosition } from '../vm/linux-load.js';
import { type BlockFilter, resolveVmOptions, type VmOptions } from '../vm/semantics.js';
import { type CodegenOptions, FACTORY_PARAMS, generateSource } from './codegen.js';

let codegenAllowed: boolean | undefined;

/** True when `new Function` works here (false under a CSP that forbids eval, for instance). */
export function canGenerateCode(): boolean {
  if (codegenAllowed === undefined) {
    try {
      codegenAllowed = new Function('return 1')() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}

type Factory = (ctx: object, ra: typeof readAncillary, ll: typeof linuxLoadPosition) => BlockFilter;

/** Compiles a verified program to a JavaScript function. Throws (EvalError) where code generation is forbidden. */
export function compileJit(
  program: Program,
  options: VmOptions & Pick<CodegenOptions, 'form'> = {},
): BlockFilter {
  const { semantics, context } = resolveVmOptions(options);
  const form = options.form ?? 'auto';
  let factory: Factory;
  try {
    factory = new Function(...FACTORY_PARAMS, generateSource(program, { semantics, form })) as Factory;
  } catch (err) {
    // Deeply nested blocks can exhaust the parser's stack (small thread stacks): the switch form is flat.
    if (form !== 'auto' || !(err instanceof RangeError)) throw err;
    factory = new Function(
      ...FACTORY_PARAMS,
      generateSource(program, { semantics, form: 'switch' }),
    ) as Factory;
  }
  return factory(context, readAncillary, linuxLoadPosition);
}
