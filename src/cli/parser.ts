/**
 * The yargs parser, built anew per call (no singleton). Command modules are tiny; the work is
 * imported lazily inside each handler so start-up loads only what runs (changesets' pattern).
 */
import yargs from 'yargs';

import { UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import { accessCommand } from './commands/access.js';
import { adoptCommand } from './commands/adopt.js';
import {
  completionCommand,
  completionNames,
  COMPLETION_FLAG,
  rejectCompletionArgs,
} from './commands/completion.js';
import { consoleCommand } from './commands/console.js';
import { credentialProcessCommand } from './commands/credential-process.js';
import { daemonCommand } from './commands/daemon.js';
import { envCommand } from './commands/env.js';
import { execCommand } from './commands/exec.js';
import { doctorCommand } from './commands/doctor.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { populateCommand } from './commands/populate.js';
import { setupCommand } from './commands/setup.js';
import { statusCommand } from './commands/status.js';
import { lockCommand, unlockCommand } from './commands/unlock.js';
import { initCommand } from './commands/init.js';
import { promptCommand } from './commands/prompt.js';
import { useCommand } from './commands/use.js';
import type { Context } from './context.js';

export async function runParser(argv: string[], ctx: Context): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  rejectCompletionArgs(argv);
  // Completion reads the config's names first: yargs calls the completion function synchronously.
  const names = argv.includes(COMPLETION_FLAG)
    ? await completionNames(ctx)
    : { profiles: [], ssoSessions: [] };
  const parser = yargs(argv)
    .scriptName('awsid')
    .usage(
      '$0 <command> [options]\n\nAWS IAM Identity Center credentials, sealed by your OS keychain.',
    )
    .command(loginCommand(ctx, setExit))
    .command(statusCommand(ctx, setExit))
    .command(logoutCommand(ctx, setExit))
    .command(setupCommand(ctx, setExit))
    .command(populateCommand(ctx, setExit))
    .command(credentialProcessCommand(ctx, setExit))
    .command(daemonCommand(ctx, setExit))
    .command(execCommand(ctx, setExit))
    .command(envCommand(ctx, setExit))
    .command(consoleCommand(ctx, setExit))
    .command(doctorCommand(ctx, setExit))
    .command(unlockCommand(ctx, setExit))
    .command(lockCommand(ctx, setExit))
    .command(accessCommand(ctx, setExit))
    .command(initCommand(ctx, setExit))
    .command(useCommand(ctx, setExit))
    .command(promptCommand(ctx, setExit))
    .command(adoptCommand(ctx, setExit))
    .completion(...completionCommand(argv, names))
    .option('debug', { type: 'boolean', default: false, describe: 'print the cause of errors' })
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .strict()
    .help()
    .version(ctx.version)
    .wrap(null)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      const suggestion = /^Did you mean (\S+)\?$/.exec(msg);
      if (suggestion) {
        throw new UsageError(`unknown command '${argv[0]}'; did you mean ${suggestion[1]}?`, {
          hint: awsidHint(suggestion[1] ?? '', '--help'),
        });
      }
      // One line: yargs puts the details of "Invalid values:" on lines of their own.
      throw new UsageError(msg.replace(/\s*\n\s*/g, ' '), { hint: 'awsid --help' });
    });
  // yargs prints --help and --version with console.log; the callback hands them to ctx.io instead.
  await parser.parseAsync(argv, {}, (_err, _args, output) => {
    if (output) ctx.io.stdout.write(`${output}\n`);
  });
  return exitCode;
}
