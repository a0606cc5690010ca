/**
 * The one builder for the commands awsid tells people to run. Every value is quoted, so a hint
 * stays one command when pasted, whatever the config file says the session is called.
 */
import { shellCommand } from './shell-quote.js';

/** `awsid login --sso-session S`, S quoted when it needs it. */
export function loginHint(ssoSession: string): string {
  return shellCommand(['awsid', 'login', '--sso-session', ssoSession]);
}

/** Any awsid command line, e.g. `awsidHint('doctor', '--sso-session', name)`. */
export function awsidHint(...args: string[]): string {
  return shellCommand(['awsid', ...args]);
}

/**
 * The line that loads awsid's shell function into the current shell (`awsid init`), for a hint
 * when `awsid use` runs without it. `shell` is one of a fixed list, never user text.
 */
export function shellInitHint(shell: 'bash' | 'zsh' | 'fish'): string {
  return shell === 'fish' ? 'awsid init fish | source' : `eval "$(awsid init ${shell})"`;
}
