/** The parser settings every command shares, and what a failed parse knew (src/cli/usage-error.ts). */
import type { Argv } from 'yargs';

import { camelCase, type OptionTable, optionsOf } from '../core/option-table.js';
import type { ParseFacts } from './usage-error.js';

/** Options of every command (src/core/option-table.ts). */
export const GLOBAL_OPTIONS = {
  debug: {
    type: 'boolean',
    default: false,
    env: 'AWSID_DEBUG',
    describe: 'print the cause of errors and what awsid does (also AWSID_DEBUG=1)',
  },
} as const satisfies OptionTable;

/**
 * `--debug` (or `--no-debug`), else AWSID_DEBUG: read before yargs, so an error yargs reports, or
 * one before parsing, is explained too. Not after `--` (that belongs to exec's command).
 */
export function debugWanted(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const end = argv.indexOf('--');
  const own = end === -1 ? argv : argv.slice(0, end);
  const flag = own.includes('--debug') ? true : own.includes('--no-debug') ? false : undefined;
  return optionsOf(GLOBAL_OPTIONS, { debug: flag }, env).debug;
}

/**
 * No camel-case expansion: `--sso-session` only, never a `--ssoSession` twin accepted or named in
 * "unknown argument" messages. A command whose builder sets its own parserConfiguration (yargs
 * replaces the whole object) spreads this one in.
 */
export const PARSER_CONFIGURATION = { 'camel-case-expansion': false } as const;

/** After validation: `ssoSession` beside `sso-session`, the names the handlers read. */
export function addCamelCaseKeys(argv: Record<string, unknown>): void {
  for (const key of Object.keys(argv)) {
    if (key.includes('-') && key !== '--') argv[camelCase(key)] ??= argv[key];
  }
}

/** yargs' internals that say which command failed and with which options (yargs 17). */
interface YargsInternals {
  getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> };
  getInternalMethods(): { getContext(): { fullCommands: string[] } };
}

export function parseFacts(parser: Argv, argv: readonly string[]): ParseFacts {
  const y = parser as unknown as YargsInternals;
  const command = y.getInternalMethods().getContext().fullCommands.at(-1);
  const positionals = new Set([...(command ?? '').matchAll(/[<[](\w[\w-]*)/g)].map((m) => m[1]));
  const aliases = new Set(Object.values(y.getOptions().alias).flat());
  const options = Object.keys(y.getOptions().key).filter(
    (k) => !positionals.has(k) && !aliases.has(k) && k !== '$0',
  );
  return { argv, command, options };
}

/** The top-level command names (yargs 17's command instance); read before a command runs. */
export function commandNames(parser: Argv): string[] {
  type Commands = { getInternalMethods(): { getCommandInstance(): { getCommands(): string[] } } };
  return (parser as unknown as Commands).getInternalMethods().getCommandInstance().getCommands();
}
