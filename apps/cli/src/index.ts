// @pktkit/cli: the `pktkit` command. The library entry exposes the command tree for embedding and tests.
export { buildProgram } from './program.js';
