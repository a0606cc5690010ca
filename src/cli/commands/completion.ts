/**
 * `awsid completion`: yargs' own bash/zsh completion script (yargs picks zsh when $SHELL or
 * $ZSH_NAME says zsh), and a fish script of awsid's own (`awsid completion fish`). The script calls `awsid --get-yargs-completions <words>`; yargs completes
 * commands, flags and choices, and the function below adds the config's profile and sso-session
 * names after `--profile` and `--sso-session`. Read from the config file only: no network, no
 * keychain, no daemon.
 */
import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import type { Context } from '../context.js';

/** The flag yargs' completion scripts call awsid with (yargs `Completion.completionKey`). */
export const COMPLETION_FLAG = '--get-yargs-completions';

export interface CompletionNames {
  profiles: string[];
  ssoSessions: string[];
}

/**
 * Names a shell may be offered. bash's `compgen -W` expands `$(...)`, backquotes, `$VAR`, `~` and
 * braces in its word list (bash manual, "Programmable Completion Builtins"), and zsh's
 * `_describe` splits on `:`; a name from a config file, which may be hostile, must be plain.
 */
const PLAIN_NAME = /^[A-Za-z0-9_.@+,/][A-Za-z0-9_.@+,/-]*$/;

export function plainNames(names: Iterable<string>): string[] {
  return [...names].filter((n) => PLAIN_NAME.test(n)).sort();
}

/** The config's names; nothing (never an error) when the file is missing or unreadable. */
export async function completionNames(ctx: Context): Promise<CompletionNames> {
  try {
    const { readAwsConfig } = await import('../../awsconfig/resolve.js');
    const config = await readAwsConfig(ctx.paths.awsConfigFile);
    return {
      profiles: plainNames(config.profiles.keys()),
      ssoSessions: plainNames(config.ssoSessions.keys()),
    };
  } catch {
    return { profiles: [], ssoSessions: [] };
  }
}

type Done = (completions: string[]) => void;
type CompletionFunction = (
  current: string,
  argv: unknown,
  defaultCompletion: (
    done?: (err: Error | null, completions: string[] | undefined) => void,
  ) => void,
  done: Done,
) => void;

/**
 * The config's names when the word before the cursor is `--profile` or `--sso-session`, else
 * yargs' default completion. `words` are the shell's words (what follows COMPLETION_FLAG).
 */
export function completeWords(words: string[], names: CompletionNames): CompletionFunction {
  const previous = words.length >= 2 ? words[words.length - 2] : undefined;
  // `awsid use <TAB>`: its one positional is a profile.
  const usesProfile = previous === 'use' && words.length === 3;
  const list =
    previous === '--profile' || usesProfile
      ? names.profiles
      : previous === '--sso-session'
        ? names.ssoSessions
        : undefined;
  return (current, _argv, defaultCompletion, done) => {
    if (list) done(list.filter((n) => n.startsWith(current)));
    else defaultCompletion();
  };
}

/**
 * fish's script (yargs has none): fish asks the same `--get-yargs-completions` protocol with the
 * words so far and the one being typed, and filters by prefix itself. SHELL is set for the call
 * because yargs answers in zsh's `name:description` form when $SHELL says zsh.
 */
export const FISH_SCRIPT = `# awsid completion for fish
# Installation: awsid completion fish > ~/.config/fish/completions/awsid.fish
function __awsid_completions
    set -l words (commandline -opc) (commandline -ct)
    env SHELL=fish awsid ${COMPLETION_FLAG} $words 2>/dev/null
end
complete -c awsid -f -a '(__awsid_completions)'
`;

/** The shell whose script `awsid completion [SHELL]` prints: the argument, else $SHELL's name. */
function completionShell(argv: string[], env: Context['env']): string | undefined {
  const extra = argv.slice(1).find((a) => !a.startsWith('-'));
  if (extra !== undefined) return extra;
  return (env.SHELL ?? '').split('/').pop();
}

/** The fish script for `awsid completion fish` (or a fish $SHELL); undefined for the others. */
export function fishCompletion(argv: string[], env: Context['env']): string | undefined {
  if (argv[0] !== 'completion' || argv.includes(COMPLETION_FLAG)) return undefined;
  if (argv.includes('--help') || argv.includes('-h')) return undefined;
  return completionShell(argv, env) === 'fish' ? FISH_SCRIPT : undefined;
}

/**
 * yargs chooses the bash or zsh script by $SHELL and reads no argument, so `awsid completion zsh`
 * would be an unknown command; say how to ask for the other shell instead.
 */
export function rejectCompletionArgs(argv: string[]): void {
  if (argv[0] !== 'completion' || argv.includes(COMPLETION_FLAG)) return;
  const extra = argv.slice(1).find((a) => !a.startsWith('-'));
  if (extra === undefined || extra === 'fish') return;
  const shell = extra === 'bash' ? 'bash' : 'zsh';
  throw new UsageError(
    `'awsid completion' takes no argument but fish ('${terminalSafe(extra)}'): it prints the script for the shell named by $SHELL`,
    { hint: `SHELL=${shell} ${awsidHint('completion')}` },
  );
}

/**
 * The arguments of yargs' `.completion(cmd, description, fn)`. No option table: completion takes
 * no option, and its one word (fish) is read before yargs (fishCompletion, rejectCompletionArgs).
 */
export function completionCommand(
  argv: string[],
  names: CompletionNames,
): [string, string, CompletionFunction] {
  const words = argv.slice(argv.indexOf(COMPLETION_FLAG) + 1);
  return [
    'completion',
    'Print the bash, zsh or fish completion script for your $SHELL (bash: awsid completion >> ~/.bashrc)',
    completeWords(words, names),
  ];
}

/**
 * `awsid completion --help` (or `-h`, or `awsid help completion`): yargs would print the script
 * itself, since its completion command reads no options; print what it does instead.
 */
export function completionHelp(argv: string[]): string | undefined {
  if (argv[0] !== 'completion' || argv.includes(COMPLETION_FLAG)) return undefined;
  if (!argv.includes('--help') && !argv.includes('-h')) return undefined;
  return [
    'awsid completion',
    '',
    'Print the bash, zsh or fish completion script for your $SHELL: commands, flags, and the profile',
    'and sso-session names of your config (after --profile, --sso-session and `awsid use`).',
    '',
    '  bash: awsid completion >> ~/.bashrc',
    '  zsh:  SHELL=zsh awsid completion >> ~/.zshrc',
    '  fish: awsid completion fish > ~/.config/fish/completions/awsid.fish',
    '',
  ].join('\n');
}
