/**
 * A desktop notification for a waiting auto-login. The AWS CLI shows a credential_process's stderr
 * only when it fails, so a caller under it could wait 10 minutes on a sign-in nobody sees; where a
 * desktop session is at hand (a session bus or a display, and not an SSH session without one) and
 * stderr is not a terminal, `notify-send` (libnotify) tells the person too. Best effort: no
 * notify-send, no bus, nothing happens and nothing is reported.
 *
 * notify-send's argv is readable by every local user (/proc), so it carries only what RFC 8628
 * section 3.3 means to be shown (the verification page and the user code, never the device code
 * or a token) and, for a browser sign-in, no URL at all: the one-shot start page binds the
 * sign-in to whoever opens it first.
 */
import { loginHint } from '../core/hints.js';
import { terminalSafe } from '../core/terminal-text.js';
import type { Env } from './env.js';

/**
 * What a notification shows of a waiting sign-in: the daemon's LoginNotice (src/credentials),
 * declared here by shape so this low layer needs nothing above it.
 */
export interface LoginNotice {
  ssoSession: string;
  verificationUri: string;
  userCode?: string | undefined;
  browserOpened?: boolean | undefined;
  waitSec: number;
}

/** What notify-send needs to find the desktop; nothing else of the caller's environment. */
const PASSED = [
  'PATH',
  'HOME',
  'LANG',
  'DBUS_SESSION_BUS_ADDRESS',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XAUTHORITY',
  'XDG_RUNTIME_DIR',
];

export function desktopAtHand(env: Env): boolean {
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const ssh = Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY);
  if (ssh && !display) return false;
  return display || Boolean(env.DBUS_SESSION_BUS_ADDRESS);
}

/** notify-send's summary and body for `notice` (no secret: see the module comment). */
export function notificationText(notice: LoginNotice): [string, string] {
  const session = terminalSafe(notice.ssoSession);
  const minutes = Math.max(1, Math.round(notice.waitSec / 60));
  const summary = `awsid: sign in for sso-session '${session}'`;
  if (notice.userCode !== undefined) {
    const url = terminalSafe(notice.verificationUri);
    const code = terminalSafe(notice.userCode);
    return [
      summary,
      `Open ${url} and confirm code ${code} (a command waits up to ${minutes} min).`,
    ];
  }
  return [
    summary,
    notice.browserOpened
      ? `awsid opened a sign-in page in your browser (a command waits up to ${minutes} min).`
      : `awsid could not open a browser; run ${loginHint(notice.ssoSession)} in a terminal.`,
  ];
}

export function notifyDesktop(
  notice: LoginNotice,
  env: Env,
  stderrIsTerminal: boolean = process.stderr.isTTY === true,
): void {
  if (stderrIsTerminal || !desktopAtHand(env)) return;
  const passed: Record<string, string> = {};
  for (const name of PASSED) {
    const value = env[name];
    if (value !== undefined) passed[name] = value;
  }
  const [summary, body] = notificationText(notice);
  // Imported only now: a warm credential-process never loads node:child_process.
  import('./launch-daemon.js').then(
    ({ spawnDetached }) =>
      spawnDetached('notify-send', ['--app-name=awsid', '--', summary, body], passed),
    // No notify-send, or no way to start it: stderr still has the line.
    () => undefined,
  );
}
