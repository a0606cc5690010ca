/**
 * `awsid env` output per shell. Values are always quoted (or proven safe bare) so a value can
 * never end the string and run code when the output is eval'd. Names are fixed AWS_* constants.
 */
import { fishQuote, shellQuote } from '../core/shell-quote.js';
import { ConfigError } from '../core/errors.js';
import type { OptionTable } from '../core/option-table.js';
import { ROLE_OPTIONS_FROM_ENV } from '../core/role-options.js';
import type { CredentialVars } from './exec-vars.js';

export const ENV_FORMATS = ['sh', 'fish', 'powershell', 'json', 'dotenv'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** `awsid env`'s options: the full CLI's and the fast client's. */
export const ENV_OPTIONS = {
  ...ROLE_OPTIONS_FROM_ENV,
  format: {
    type: 'string',
    choices: ENV_FORMATS,
    default: 'sh',
    describe:
      'sh (bash, zsh), fish, powershell; json and dotenv list only what to set (dotenv: values in a safe character set only)',
  },
} as const satisfies OptionTable;

/**
 * PowerShell verbatim strings: a quote is doubled. PowerShell also takes the typographic single
 * quotes U+2018..U+201B as quote characters (about_Quoting_Rules), so those are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/**
 * dotenv has no single standard and no quoting all its readers share: docker's `--env-file` takes
 * the value literally (quotes included), compose and the dotenv libraries strip quotes and some
 * expand `${VAR}`, and `set -a; source FILE` evaluates `$(...)`. Only a value every reader takes
 * alike is written, bare: credentials are base64 (A-Za-z0-9+/=), regions [a-z0-9-], the
 * expiration an ISO time (digits, `-`, `:`, `T`, `Z`). Anything else, such as a `region` with
 * `$(...)` in a config file, is refused rather than written.
 */
const DOTENV_SAFE = /^[A-Za-z0-9+/=._:-]*$/;

/** A dotenv line's value: bare, or the error naming the variable. */
export function dotenvValue(name: string, value: string): string {
  if (DOTENV_SAFE.test(value)) return value;
  throw new ConfigError(
    `${name} has a character dotenv readers disagree on (only A-Za-z0-9+/=._:- are written); refusing to write it`,
    { hint: 'awsid env --format json   (or fix the value in the profile)' },
  );
}

export function formatEnv(vars: CredentialVars, format: EnvFormat): string {
  const lines: string[] = [];
  switch (format) {
    case 'sh':
      if (vars.unset.length) lines.push(`unset ${vars.unset.join(' ')}`);
      for (const [k, v] of vars.set) lines.push(`export ${k}=${shellQuote(v)}`);
      break;
    case 'fish':
      for (const k of vars.unset) lines.push(`set -e ${k}`);
      for (const [k, v] of vars.set) lines.push(`set -gx ${k} ${fishQuote(v)}`);
      break;
    case 'powershell':
      for (const k of vars.unset) lines.push(`Remove-Item Env:${k} -ErrorAction SilentlyContinue`);
      for (const [k, v] of vars.set) lines.push(`$Env:${k} = ${powershellQuote(v)}`);
      break;
    case 'json':
      return `${JSON.stringify(Object.fromEntries(vars.set), null, 2)}\n`;
    case 'dotenv':
      for (const [k, v] of vars.set) lines.push(`${k}=${dotenvValue(k, v)}`);
      break;
  }
  return `${lines.join('\n')}\n`;
}
