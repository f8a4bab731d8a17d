// @pktkit/cli: the `pktkit` command. The library entry exposes the command tree for embedding and tests.
export { ExitCode, classify, CliError } from './errors.js';
export { buildProgram, normalizeArgs } from './program.js';
