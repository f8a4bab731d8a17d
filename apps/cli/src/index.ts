// @pktkit/cli: the `pktkit` command. The library entry exposes the command tree for embedding and tests.
export { CliError, classify, ExitCode } from './errors.js';
export { buildProgram, normalizeArgs } from './program.js';
