/**
 * The extra `credential_process` flags of generated profiles. `populate --process-flags=...`
 * writes them into every line it generates for the sso-session and is remembered there
 * (`awsid_process_flags`, like the remembered --template), so the next plain populate keeps them.
 * Flags a user added by hand to a generated line survive every populate too: populate rewrites
 * the program and the three role flags and keeps everything after them that is not one of those.
 * Only flags that change how credentials are fetched are allowed: the role flags are populate's.
 */
import { parseAwsidProcess } from '../awsconfig/awsid-process.js';
import { parseConfigDocument, serialize } from '../awsconfig/document.js';
import { removeKey, setKey } from '../awsconfig/edit.js';
import type { AwsConfig } from '../awsconfig/resolve.js';
import { shlexSplit } from '../awsconfig/shlex.js';
import { ConfigError, UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';

export const PROCESS_FLAGS_KEY = 'awsid_process_flags';

/** credential-process flags a generated line may carry besides its role. */
export const ALLOWED_PROCESS_FLAGS: readonly string[] = ['--auto-login', '--no-daemon'];

const ROLE_FLAGS = ['--sso-session', '--account-id', '--role-name'];

/** `'--auto-login --no-daemon'` → the flags, in order, each once; refuses anything else. */
export function parseProcessFlags(text: string): string[] {
  const out: string[] = [];
  for (const flag of text.split(/[\s,]+/).filter(Boolean)) {
    if (!ALLOWED_PROCESS_FLAGS.includes(flag)) {
      throw new UsageError(
        `--process-flags: '${terminalSafe(flag)}' is not a credential-process flag populate writes (allowed: ${ALLOWED_PROCESS_FLAGS.join(', ')})`,
        { hint: awsidHint('populate', '--process-flags=--auto-login') },
      );
    }
    if (!out.includes(flag)) out.push(flag);
  }
  return out;
}

export interface ProcessFlags {
  /** What this run writes. */
  flags: string[];
  /** Remembered before this run: the ones no longer wanted are taken out of existing lines. */
  previous: string[];
}

/** `--process-flags`, else the remembered ones (a bad remembered value names its line). */
export function processFlagsFor(
  cfg: AwsConfig,
  session: string,
  flag: string | undefined,
): ProcessFlags {
  const s = cfg.ssoSessions.get(session);
  const kept = s?.values[PROCESS_FLAGS_KEY];
  let previous: string[] = [];
  try {
    previous = kept === undefined ? [] : parseProcessFlags(kept);
  } catch (e) {
    if (flag === undefined) {
      const line = s?.keyLines?.[PROCESS_FLAGS_KEY] ?? s?.line;
      throw new ConfigError(
        `${PROCESS_FLAGS_KEY} in [sso-session ${session}] (line ${line} of ${cfg.path}): ${(e as Error).message.replace(/^--process-flags: /, '')}`,
        { hint: awsidHint('populate', '--sso-session', session, '--process-flags=') },
      );
    }
  }
  return { flags: flag === undefined ? previous : parseProcessFlags(flag), previous };
}

/** The config text with the flags remembered in `[sso-session NAME]`; none removes the key. */
export function rememberProcessFlags(text: string, session: string, flags: string[]): string {
  const doc = parseConfigDocument(text);
  const address = { kind: 'sso-session', name: session } as const;
  const edited =
    flags.length === 0
      ? removeKey(doc, address, PROCESS_FLAGS_KEY)
      : setKey(doc, address, PROCESS_FLAGS_KEY, flags.join(' '));
  return edited === doc ? text : serialize(edited);
}

/**
 * What a user's existing awsid line carries after `credential-process` besides the three role
 * flags (and their values), as botocore splits it; [] for a line that is not awsid's.
 */
export function extraProcessArgs(line: string | undefined): string[] {
  if (line === undefined || !parseAwsidProcess(line).isAwsid) return [];
  const tokens = (shlexSplit(line) ?? []).map((t) => t.value);
  const out: string[] = [];
  for (let i = tokens.indexOf('credential-process') + 1; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (ROLE_FLAGS.includes(t)) i++;
    else if (!ROLE_FLAGS.some((f) => t.startsWith(`${f}=`))) out.push(t);
  }
  return out;
}

/** The extras of a rewritten line: the user's (minus flags no longer remembered), then ours. */
export function mergeExtras(existing: readonly string[], wanted: ProcessFlags): string[] {
  const dropped = new Set(wanted.previous.filter((f) => !wanted.flags.includes(f)));
  const kept = existing.filter((t) => !dropped.has(t));
  return [...kept, ...wanted.flags.filter((f) => !kept.includes(f))];
}
