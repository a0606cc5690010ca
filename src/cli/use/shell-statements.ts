/**
 * What `awsid use` prints for the shell function of `awsid init` to evaluate. The function
 * evaluates stdout only when awsid exits 0 and the first line is STATEMENTS_MARKER, so anything
 * else on stdout (`--help`, an older awsid) is shown, never run. Every value is quoted
 * (src/core/shell-quote.ts); names are fixed constants.
 */
import { fishQuote, shellQuote } from '../../core/shell-quote.js';

export const USE_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type UseShell = (typeof USE_SHELLS)[number];

export const STATEMENTS_MARKER = '# awsid use v1';

/** The shell variable (not exported) that remembers the profile before the last switch. */
export const PREVIOUS_VAR = 'AWSID_PREVIOUS_PROFILE';

export interface UseChange {
  /** The new AWS_PROFILE; undefined unsets it (`--clear`). */
  profile: string | undefined;
  /** The new AWSID_PREVIOUS_PROFILE; undefined unsets it. */
  previous: string | undefined;
  /** Variables to unset because they would override AWS_PROFILE (static keys). */
  unset: readonly string[];
}

function shStatements(c: UseChange): string[] {
  const lines: string[] = [];
  if (c.unset.length) lines.push(`unset ${c.unset.join(' ')}`);
  lines.push(
    c.profile === undefined ? 'unset AWS_PROFILE' : `export AWS_PROFILE=${shellQuote(c.profile)}`,
  );
  lines.push(
    c.previous === undefined
      ? `unset ${PREVIOUS_VAR}`
      : `${PREVIOUS_VAR}=${shellQuote(c.previous)}`,
  );
  return lines;
}

function fishStatements(c: UseChange): string[] {
  const lines = c.unset.map((name) => `set -e ${name}`);
  lines.push(
    c.profile === undefined ? 'set -e AWS_PROFILE' : `set -gx AWS_PROFILE ${fishQuote(c.profile)}`,
  );
  lines.push(
    c.previous === undefined
      ? `set -e -g ${PREVIOUS_VAR}`
      : `set -g ${PREVIOUS_VAR} ${fishQuote(c.previous)}`,
  );
  return lines;
}

export function useStatements(shell: UseShell, change: UseChange): string {
  const body = shell === 'fish' ? fishStatements(change) : shStatements(change);
  return `${[STATEMENTS_MARKER, ...body].join('\n')}\n`;
}
