/**
 * The one POSIX shell-quoting function: for `run:`/`fix:` hints a user pastes, `credential_process`
 * lines (botocore splits them with `shlex.split`, the JS SDK runs them with `/bin/sh -c`), and
 * `awsid env` output. An argument is written bare only when it holds characters neither a shell
 * nor shlex treats specially; otherwise in single quotes (no escapes inside them in either), with
 * a `'` written as `'"'"'`. POSIX, "Shell Command Language" 2.2.3; Python docs, `shlex.quote`.
 * fish is not POSIX; its own rule (`fishQuote`) is here too, so there is one quoting module.
 */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A leading `=` is quoted too: zsh (option EQUALS, on by default) expands `=ls` to the path of
 * `ls`, even in an assignment value (zsh manual, "Filename Expansion", `=` expansion).
 */
export function shellQuote(arg: string): string {
  if (BARE.test(arg) && !arg.startsWith('=')) return arg;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

/** A whole command line, each argument quoted. */
export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/**
 * fish single quotes: only `\\` and `\'` are escapes inside them, everything else (`$`, newlines,
 * `(`) is literal (fish documentation, "Quotes"). Used for `awsid env --format fish` and the
 * statements `awsid use` hands to the fish shell function.
 */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}
