/** `awsid help [COMMAND]`: the same text as `awsid COMMAND --help`. */
import type { Argv } from 'yargs';

import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import type { Context } from '../context.js';
import { closest } from '../usage-error.js';

/**
 * No option table: help takes only its positional, the command words.
 * `commands`: the names of the top-level commands (src/cli/parse-config.ts, commandNames). */
export function helpCommand(
  ctx: Context,
  setExit: (code: number) => void,
  commands: () => readonly string[],
) {
  return {
    command: 'help [command..]',
    describe: 'Show the help of a command (the same as awsid COMMAND --help)',
    builder: (y: Argv) =>
      y.positional('command', {
        type: 'string',
        array: true,
        describe: 'e.g. login, daemon',
      }),
    handler: async (argv: { command?: string[] | undefined }) => {
      const words = (argv.command ?? []).map(String);
      const name = words[0];
      // `--help` after an unknown word would print the general help and exit 0.
      if (name !== undefined && !commands().includes(name)) {
        const match = closest(name, commands());
        throw new UsageError(
          `unknown command '${terminalSafe(name)}'${match ? `; did you mean ${match}?` : ''}`,
          { hint: match ? awsidHint('help', match) : 'awsid help' },
        );
      }
      const { runParser } = await import('../parser.js');
      setExit(await runParser([...words, '--help'], ctx));
    },
  };
}
