/**
 * The one line a caller waiting on an auto-login prints on stderr: where to approve and which
 * code to confirm. Every part may come from a server (the daemon relays Identity Center's URL
 * and code), so each goes through terminalSafe. Pure: the fast client bundles it.
 */
import { terminalSafe } from '../../core/terminal-text.js';
import type { LoginNotice } from './protocol.js';

function waitText(waitSec: number): string {
  return waitSec >= 90 ? `${Math.round(waitSec / 60)} min` : `${Math.round(waitSec)} s`;
}

export function formatLoginNotice(notice: LoginNotice): string {
  const session = terminalSafe(notice.ssoSession);
  const url = terminalSafe(notice.verificationUri);
  const code = terminalSafe(notice.userCode);
  return `awsid: sign in for sso-session '${session}': open ${url} and confirm code ${code} (waiting up to ${waitText(notice.waitSec)})\n`;
}
