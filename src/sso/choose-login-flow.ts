/**
 * PKCE when a browser on this machine can answer the loopback redirect, the device code
 * otherwise: a loopback redirect from an SSH session, a container or a headless host lands on
 * the wrong machine (aws/aws-cli #9148, #10433, #9228). Flags and `awsid_login_flow` decide
 * first; the choice and how to force the other one are always said.
 */
import { UsageError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { LoginFlow, SsoSessionConfig } from '../core/model.js';
import type { LoginEnvironment } from '../platform/login-environment.js';

export interface FlowFlags {
  useDeviceCode: boolean;
  /** false with --no-browser: nothing is opened, the device URL and code are printed. */
  browser: boolean;
  redirectPort: number | undefined;
}

export interface FlowChoice {
  flow: LoginFlow;
  /** One stderr line: which flow, why, and how to get the other. */
  notice: string;
}

/** Why no browser here can answer, or undefined when one can. */
function noBrowserReason(where: LoginEnvironment): string | undefined {
  if (where.ssh && !where.display) return 'this is an SSH session without a display';
  if (where.container && !where.browserVar) return 'this is a container and BROWSER is not set';
  if (!where.canOpen) return 'there is no display and BROWSER is not set';
  return undefined;
}

/**
 * Whether a browser where the person is can take a page: an auto-login's device flow opens its
 * verification page only then (never on a desktop the caller is not at).
 */
export function browserHere(where: LoginEnvironment): boolean {
  return noBrowserReason(where) === undefined;
}

export function checkFlowFlags(flags: FlowFlags): void {
  if (flags.redirectPort === undefined) return;
  if (flags.useDeviceCode || !flags.browser) {
    throw new UsageError(
      `--redirect-port is for the browser sign-in; it cannot go with ${flags.useDeviceCode ? '--use-device-code' : '--no-browser'}`,
      { hint: 'awsid login --use-device-code   (or drop it and keep --redirect-port)' },
    );
  }
  const p = flags.redirectPort;
  if (!Number.isInteger(p) || p < 1 || p > 65535) {
    throw new UsageError(`--redirect-port must be a port number (1-65535), got ${String(p)}`, {
      hint: 'awsid login --redirect-port 8400',
    });
  }
}

export function chooseLoginFlow(
  flags: FlowFlags,
  session: SsoSessionConfig,
  where: LoginEnvironment,
): FlowChoice {
  checkFlowFlags(flags);
  const name = session.name;
  const toDevice = awsidHint('login', '--sso-session', name, '--use-device-code');
  const toPkce = `${awsidHint('login', '--sso-session', name, '--redirect-port', '8400')} after ssh -L 8400:127.0.0.1:8400`;
  const device = (why: string, other = true): FlowChoice => ({
    flow: 'device-code',
    notice: `Login with a device code (${why})${other ? `; for the browser sign-in instead: ${toPkce}` : ''}.`,
  });
  const pkce = (why: string): FlowChoice => ({
    flow: 'pkce',
    notice: `Login in the browser (PKCE; ${why}); if that browser is on another machine: ${toDevice}`,
  });
  if (flags.useDeviceCode) return device('--use-device-code', false);
  if (!flags.browser) return device('--no-browser: open the page below on any device', false);
  if (flags.redirectPort !== undefined) return pkce(`--redirect-port ${flags.redirectPort}`);
  if (session.loginFlow === 'device-code')
    return device(`awsid_login_flow = device-code in [sso-session ${name}]`, false);
  if (session.loginFlow === 'pkce') return pkce(`awsid_login_flow = pkce in [sso-session ${name}]`);
  const reason = noBrowserReason(where);
  if (reason) return device(`no browser here can take the sign-in redirect: ${reason}`);
  return pkce('a browser can be opened on this machine');
}
