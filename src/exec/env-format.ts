/**
 * `awsid env` output per shell. Values are always quoted (or proven safe bare) so a value can
 * never end the string and run code when the output is eval'd. Names are fixed AWS_* constants.
 */
import { fishQuote, shellQuote } from '../core/shell-quote.js';
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
 * dotenv has no single standard: docker's --env-file takes values literally, node's dotenv and
 * python-dotenv strip quotes. Credentials (base64), timestamps and regions need no quotes, which
 * all of them read alike; anything else is double-quoted with backslash escapes.
 */
export function dotenvValue(value: string): string {
  if (/^[A-Za-z0-9_./+=:@,-]*$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, '\\$&').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}"`;
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
      for (const [k, v] of vars.set) lines.push(`${k}=${dotenvValue(v)}`);
      break;
  }
  return `${lines.join('\n')}\n`;
}
