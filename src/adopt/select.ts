/*
 * Which profiles an adopt or undo run is about: `--profile P`, `--sso-session S`, `--all`, or
 * nothing (then every profile, when they all belong to one sso-session). A name that is not in the
 * file is a one-line error with the closest names and the command to run instead.
 */
import { ConfigError, UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';
import { closestNames } from '../core/closest-names.js';

export type Selection =
  | { kind: 'all' }
  | { kind: 'auto' }
  | { kind: 'profile'; name: string }
  | { kind: 'sso-session'; name: string };

export interface Selectable {
  profile: string;
  ssoSession: string;
}

export interface KnownNames {
  profiles: readonly string[];
  sessions: readonly string[];
}

/** `awsid adopt` or `awsid adopt --undo`, as the start of a hint. */
export type CommandWords = readonly string[];

function unknownName(
  what: 'profile' | 'sso-session',
  name: string,
  known: readonly string[],
  shown: string,
  cmd: CommandWords,
): ConfigError {
  const near = closestNames(name, known);
  const list =
    near.length > 0
      ? `; closest: ${near.join(', ')}`
      : known.length > 0
        ? `; it has ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', ...' : ''}`
        : '';
  const hint =
    near[0] !== undefined
      ? awsidHint(...cmd, `--${what}`, near[0])
      : awsidHint(...cmd, '--all', '--dry-run');
  return new ConfigError(terminalSafe(`${what} '${name}' is not in ${shown}${list}`), { hint });
}

export function selectItems<T extends Selectable>(
  items: readonly T[],
  sel: Selection,
  known: KnownNames,
  shown: string,
  cmd: CommandWords,
): T[] {
  switch (sel.kind) {
    case 'all':
      return [...items];
    case 'profile':
      if (!known.profiles.includes(sel.name)) {
        throw unknownName('profile', sel.name, known.profiles, shown, cmd);
      }
      return items.filter((i) => i.profile === sel.name);
    case 'sso-session':
      if (!known.sessions.includes(sel.name)) {
        throw unknownName('sso-session', sel.name, known.sessions, shown, cmd);
      }
      return items.filter((i) => i.ssoSession === sel.name);
    case 'auto': {
      const sessions = [...new Set(items.map((i) => i.ssoSession))];
      if (sessions.length <= 1) return [...items];
      throw new UsageError(
        terminalSafe(
          `profiles of ${sessions.length} sso-sessions (${sessions.join(', ')}) qualify; name one with --sso-session, or pass --all`,
        ),
        { hint: awsidHint(...cmd, '--all') },
      );
    }
  }
}
