import { Command } from 'commander';

/** Builds the `pktkit` command tree. Kept apart from the bin so tests can drive it in-process. */
export function buildProgram(version: string): Command {
  const program = new Command('pktkit')
    .description('Packet capture and manipulation, tcpdump-style (pktkit)')
    .version(version)
    .showHelpAfterError();
  program.addHelpText(
    'after',
    '\nCommands (capture, read, compile, convert, stats, follow, interfaces) are not implemented yet;\n' +
      'see the README of @pktkit/cli.',
  );
  return program;
}
