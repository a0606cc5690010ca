/**
 * The yargs parser, built anew per call (no singleton). Command modules are tiny; the work is
 * imported lazily inside each handler so start-up loads only what runs (changesets' pattern).
 */
import yargs from 'yargs';

import { type OptionTable, optionsOf, yargsOptions } from '../core/option-table.js';
import { CREDENTIAL_PROCESS_OPTIONS } from '../core/role-options.js';
import { ENV_OPTIONS } from '../exec/env-format.js';
import { ACCESS_OPTIONS, accessCommand } from './commands/access.js';
import { ADOPT_OPTIONS, adoptCommand } from './commands/adopt.js';
import {
  completionCommand,
  completionHelp,
  completionNames,
  fishCompletion,
  COMPLETION_FLAG,
  rejectCompletionArgs,
} from './commands/completion.js';
import {
  addCamelCaseKeys,
  commandNames,
  debugWanted,
  GLOBAL_OPTIONS,
  PARSER_CONFIGURATION,
  parseFacts,
} from './parse-config.js';
import { CONSOLE_OPTIONS, consoleCommand } from './commands/console.js';
import { credentialProcessCommand } from './commands/credential-process.js';
import { DAEMON_OPTIONS, daemonCommand } from './commands/daemon.js';
import { envCommand } from './commands/env.js';
import { EXEC_OPTIONS, execCommand } from './commands/exec.js';
import { helpCommand } from './commands/help.js';
import { DOCTOR_OPTIONS, doctorCommand } from './commands/doctor.js';
import { LOGIN_OPTIONS, loginCommand } from './commands/login.js';
import { LOGOUT_OPTIONS, logoutCommand } from './commands/logout.js';
import { POPULATE_OPTIONS, populateCommand } from './commands/populate.js';
import { SETUP_OPTIONS, setupCommand } from './commands/setup.js';
import { STATUS_OPTIONS, statusCommand } from './commands/status.js';
import { UNINSTALL_OPTIONS, uninstallCommand } from './commands/uninstall.js';
import { lockCommand, UNLOCK_OPTIONS, unlockCommand } from './commands/unlock.js';
import { initCommand } from './commands/init.js';
import { promptCommand } from './commands/prompt.js';
import { USE_OPTIONS, useCommand } from './commands/use.js';
import type { Context } from './context.js';
import { unknownCommand, usageErrorFrom } from './usage-error.js';

/**
 * Each command's option table (src/core/option-table.ts), for the parse-only seam. init, prompt,
 * help and completion take positionals only: the seam hands back their parsed words as they are.
 */
const COMMAND_OPTIONS: Readonly<Record<string, OptionTable>> = {
  'credential-process': CREDENTIAL_PROCESS_OPTIONS,
  exec: EXEC_OPTIONS,
  env: ENV_OPTIONS,
  console: CONSOLE_OPTIONS,
  login: LOGIN_OPTIONS,
  logout: LOGOUT_OPTIONS,
  status: STATUS_OPTIONS,
  doctor: DOCTOR_OPTIONS,
  unlock: UNLOCK_OPTIONS,
  lock: UNLOCK_OPTIONS,
  setup: SETUP_OPTIONS,
  populate: POPULATE_OPTIONS,
  access: ACCESS_OPTIONS,
  adopt: ADOPT_OPTIONS,
  daemon: DAEMON_OPTIONS,
  use: USE_OPTIONS,
  uninstall: UNINSTALL_OPTIONS,
};

/** What a command line asks for: the command and the options its run would receive. */
export interface ParsedCommand {
  command: string;
  options: Record<string, unknown>;
  /** `--debug` or AWSID_DEBUG. */
  debug: boolean;
}

/** Thrown from the last middleware to stop before the handler, carrying what it would run. */
class Parsed extends Error {
  constructor(readonly parsed: ParsedCommand) {
    super(`parsed: ${parsed.command}`);
  }
}

/**
 * The parse-only seam (the GitHub CLI's runF): the command line parsed and validated exactly as
 * `runParser` does, then handed back instead of run. Usage errors throw as they would.
 */
export async function parseCommandLine(argv: string[], ctx: Context): Promise<ParsedCommand> {
  try {
    await runParser(argv, ctx, true);
  } catch (e) {
    if (e instanceof Parsed) return e.parsed;
    throw e;
  }
  throw new Error(`nothing to run for: ${argv.join(' ')}`);
}

export async function runParser(
  argv: string[],
  context: Context,
  parseOnly = false,
): Promise<number> {
  const ctx: Context = { ...context, argv, debug: debugWanted(argv, context.env) };
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const fish = fishCompletion(argv, ctx.env);
  if (fish !== undefined) {
    ctx.io.stdout.write(fish);
    return 0;
  }
  rejectCompletionArgs(argv);
  const completionHelpText = completionHelp(argv);
  if (completionHelpText !== undefined) {
    ctx.io.stdout.write(completionHelpText);
    return 0;
  }
  // Completion reads the config's names first: yargs calls the completion function synchronously.
  const names = argv.includes(COMPLETION_FLAG)
    ? await completionNames(ctx)
    : { profiles: [], ssoSessions: [] };
  // Read before parsing: while a command runs, yargs lists only that command's subcommands.
  let topCommands: readonly string[] = [];
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
    .command(uninstallCommand(ctx, setExit))
    .completion(...completionCommand(argv, names))
    .command(helpCommand(ctx, setExit, () => topCommands))
    .options(yargsOptions(GLOBAL_OPTIONS))
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version(ctx.version)
    .wrap(null)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw usageErrorFrom(msg, parseFacts(parser, argv));
    })
    // Options are spelled one way: no --ssoSession twin accepted or listed (yargs' camel-case
    // expansion). Handlers still read camelCase names: the middleware below adds them after
    // validation, so strict mode never sees them.
    .parserConfiguration(PARSER_CONFIGURATION)
    .middleware(addCamelCaseKeys);
  if (parseOnly) {
    parser.middleware((args) => {
      const command = String(args._[0]);
      const table = COMMAND_OPTIONS[command];
      const options = table
        ? optionsOf(table, args, ctx.env)
        : Object.fromEntries(
            Object.entries(args).filter(([k]) => k !== '_' && k !== '$0' && !k.includes('-')),
          );
      throw new Parsed({ command, options, debug: ctx.debug === true });
    });
  }
  topCommands = commandNames(parser);
  if (!argv.includes(COMPLETION_FLAG)) {
    const unknown = unknownCommand(argv, topCommands);
    if (unknown) throw unknown;
  }
  // yargs prints --help and --version with console.log; the callback hands them to ctx.io instead.
  await parser.parseAsync(argv, {}, (_err, _args, output) => {
    if (output) ctx.io.stdout.write(`${output}\n`);
  });
  return exitCode;
}
