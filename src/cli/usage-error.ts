/**
 * yargs' own validation messages as awsid's one-line usage errors: an unknown command, option or
 * value names the closest known one ("did you mean"), and the hint is the corrected command line
 * when there is exactly one correction, else the command's help.
 */
import { closestNames } from '../core/closest-names.js';
import { UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';

/** What the parser knew when it failed. */
export interface ParseFacts {
  /** The command line as given (after `awsid`). */
  argv: readonly string[];
  /** The command being parsed, as yargs declares it (`daemon <action>`); empty at the top. */
  command: string | undefined;
  /** Option names of that command, global ones included (no aliases, no positionals). */
  options: readonly string[];
}

/** What the user typed, for the message: quoted and terminal-safe. */
const quoted = (text: string) => `'${terminalSafe(text)}'`;

/** The closest of `known` to `word`, if it is close enough to be a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  return closestNames(word, known, 1)[0];
}

/** The first word that is not a flag: the command name the user typed. */
function typedCommand(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

function commandName(facts: ParseFacts): string | undefined {
  return facts.command?.split(' ')[0] ?? typedCommand(facts.argv);
}

function helpHint(facts: ParseFacts): string {
  const name = commandName(facts);
  return name ? awsidHint(name, '--help') : 'awsid --help';
}

/** The argv token that carried option `name`, and its index (`--name`, `--name=v`, `--no-name`, `-n`). */
function optionToken(argv: readonly string[], name: string): number {
  const forms = name.length === 1 ? [`-${name}`] : [`--${name}`, `--no-${name}`];
  return argv.findIndex((a) => a !== '--' && forms.some((f) => a === f || a.startsWith(`${f}=`)));
}

/** `awsid ...` with argv[index] replaced, or undefined when it cannot say. */
function corrected(
  argv: readonly string[],
  index: number,
  replacement: string,
): string | undefined {
  if (index < 0) return undefined;
  const end = argv.indexOf('--');
  if (end >= 0 && index > end) return undefined;
  return awsidHint(...argv.slice(0, index), replacement, ...argv.slice(index + 1));
}

/**
 * The user's own command line with option `name`'s value replaced, their other flags kept
 * (`awsid exec --profile prod -- aws s3 ls` for a mistyped profile), or undefined when the option
 * is not on it.
 */
export function correctedOption(
  argv: readonly string[],
  name: string,
  value: string,
): string | undefined {
  const at = optionToken(argv, name);
  if (at < 0) return undefined;
  return argv[at]!.includes('=')
    ? corrected(argv, at, `--${name}=${value}`)
    : corrected(argv, at + 1, value);
}

function unknownArguments(names: string[], facts: ParseFacts): UsageError {
  const where = commandName(facts) ? ` for awsid ${commandName(facts)}` : '';
  let hint: string | undefined;
  const parts = names.map((name) => {
    const at = optionToken(facts.argv, name);
    if (at < 0) return { shown: `argument ${quoted(name)}`, fix: undefined };
    const token = facts.argv[at]!;
    const shown = token.split('=')[0]!;
    // `--no-browsr`: yargs reports `no-browsr`; the option to look for is `browsr`.
    const negated = shown.startsWith('--no-');
    const match = closest(negated ? name.replace(/^no-/, '') : name, facts.options);
    if (!match) return { shown: `option ${shown}`, fix: undefined };
    const fix = `--${negated ? 'no-' : ''}${match}`;
    hint = corrected(
      facts.argv,
      at,
      token.includes('=') ? `${fix}=${token.slice(token.indexOf('=') + 1)}` : fix,
    );
    return { shown: `option ${shown}`, fix };
  });
  const text =
    parts.length === 1
      ? `unknown ${parts[0]!.shown}${where}${parts[0]!.fix ? `; did you mean ${parts[0]!.fix}?` : ''}`
      : `unknown ${parts.map((p) => `${p.shown}${p.fix ? ` (did you mean ${p.fix}?)` : ''}`).join(', ')}${where}`;
  return new UsageError(text, { hint: parts.length === 1 && hint ? hint : helpHint(facts) });
}

/** A shell's name given where a format is asked: the format that shell reads (`env --format`). */
const SHELL_READS: Readonly<Record<string, string>> = {
  bash: 'sh',
  zsh: 'sh',
  ksh: 'sh',
  dash: 'sh',
  ash: 'sh',
  posix: 'sh',
  pwsh: 'powershell',
  ps: 'powershell',
  env: 'dotenv',
};

function invalidValue(m: RegExpExecArray, facts: ParseFacts): UsageError {
  const [, name = '', given = '', list = ''] = m;
  const choices = [...list.matchAll(/"([^"]*)"/g)].map((c) => c[1]!);
  const isOption = facts.options.includes(name);
  const what = isOption ? `--${name}` : `<${name}>`;
  const reads = SHELL_READS[given];
  const match = reads !== undefined && choices.includes(reads) ? reads : closest(given, choices);
  const at = isOption ? optionToken(facts.argv, name) : facts.argv.indexOf(given);
  let hint: string | undefined;
  if (match && at >= 0) {
    const token = facts.argv[at]!;
    hint =
      token.startsWith('--') && token.includes('=')
        ? corrected(facts.argv, at, `--${name}=${match}`)
        : corrected(facts.argv, isOption ? at + 1 : at, match);
  }
  return new UsageError(
    `invalid ${what} ${quoted(given)}: choose ${choices.join(', ')}${match ? `; did you mean ${match}?` : ''}`,
    { hint: hint ?? helpHint(facts) },
  );
}

/** Global flags that may come before the command word (none takes a value). */
const GLOBAL_FLAGS = new Set(['--debug', '--no-debug', '--help', '-h', '--version']);

/**
 * The command word, checked before yargs sees it: an unknown one gets the closest command and the
 * user's own line corrected (yargs would suggest far-off names, or call the word an argument);
 * options before any command word get the general help. Undefined when the word is a command.
 */
export function unknownCommand(
  argv: readonly string[],
  commands: readonly string[],
): UsageError | undefined {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const before = at === -1 ? argv : argv.slice(0, at);
  if (before.includes('--')) return undefined;
  const strays = before.filter((a) => !GLOBAL_FLAGS.has(a));
  if (strays.length > 0 || (at === -1 && before.length === 0)) {
    if (before.some((a) => a === '--help' || a === '-h' || a === '--version')) return undefined;
    const shown = strays.length ? ` before ${quoted(strays[0]!.split('=')[0]!)}` : '';
    return new UsageError(`name a command${shown}`, { hint: 'awsid --help' });
  }
  if (at === -1) return undefined;
  const word = argv[at]!;
  if (commands.includes(word)) return undefined;
  const match = closest(word, commands);
  return new UsageError(
    `unknown command ${quoted(word)}${match ? `; did you mean ${match}?` : ''}`,
    { hint: match ? (corrected(argv, at, match) ?? awsidHint(match, '--help')) : 'awsid --help' },
  );
}

/** yargs' failure message (its `fail` callback) as one UsageError line. */
export function usageErrorFrom(msg: string, facts: ParseFacts): UsageError {
  const suggestion = /^Did you mean (\S+)\?$/.exec(msg);
  if (suggestion) {
    const typed = typedCommand(facts.argv) ?? '';
    // The hint is the command's help, not the corrected line: the rest was not checked yet.
    return new UsageError(`unknown command ${quoted(typed)}; did you mean ${suggestion[1]}?`, {
      hint: awsidHint(suggestion[1]!, '--help'),
    });
  }
  const unknown = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (unknown) return unknownArguments(unknown[1]!.split(', '), facts);
  const invalid = /^Invalid values:\s*Argument: (\S+), Given: "(.*)", Choices: (.*)$/s.exec(msg);
  if (invalid) return invalidValue(invalid, facts);
  // One line: yargs puts some details on lines of their own.
  return new UsageError(msg.replace(/\s*\n\s*/g, ' '), { hint: helpHint(facts) });
}
