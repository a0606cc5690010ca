/**
 * The one line a caller waiting on an auto-login prints on stderr: where to approve and which
 * code to confirm (device code), or which page its browser was sent to (browser sign-in). Every
 * part may come from a server (the daemon relays Identity Center's URL and code), so each goes
 * through terminalSafe. Pure: the fast client bundles it.
 */
import { terminalSafe } from '../../core/terminal-text.js';
import type { LoginNotice } from './protocol.js';

function waitText(waitSec: number): string {
  return waitSec >= 90 ? `${Math.round(waitSec / 60)} min` : `${Math.round(waitSec)} s`;
}

export function formatLoginNotice(notice: LoginNotice): string {
  const session = terminalSafe(notice.ssoSession);
  const url = terminalSafe(notice.verificationUri);
  const wait = `(waiting up to ${waitText(notice.waitSec)})`;
  if (notice.userCode === undefined) {
    return notice.browserOpened
      ? `awsid: sign in for sso-session '${session}': opened your browser (URL ${url}); if no sign-in page appeared, open that URL in a browser on this machine ${wait}\n`
      : `awsid: sign in for sso-session '${session}': open ${url} in a browser on this machine ${wait}\n`;
  }
  const code = terminalSafe(notice.userCode);
  return `awsid: sign in for sso-session '${session}': open ${url} and confirm code ${code} ${wait}\n`;
}
