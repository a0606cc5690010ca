import { CancelledError } from '../../core/errors.js';
import { surveyProfiles } from '../../adopt/candidates.js';
import { readAwsConfig } from '../../awsconfig/resolve.js';
import { formatWhen } from '../../core/format-time.js';
import { awsidHint } from '../../core/hints.js';
import type { LoginFlow, SsoSessionConfig } from '../../core/model.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { abortOnInterrupt } from '../../platform/interrupt.js';
import { loginEnvironment } from '../../platform/login-environment.js';
import { listenForCallback } from '../../platform/loopback-callback.js';
import { loginSession, type LoginUi } from '../../sso/login.js';
import type { DeviceAuthorization } from '../../sso/oidc-api.js';
import { chooseLoginFlow, checkFlowFlags } from '../../sso/choose-login-flow.js';
import { loginLock } from '../../sso/login-lock.js';
import type { Context } from '../context.js';
import { unlockRunningDaemon } from '../daemon-unlock.js';
import { notifyDaemon } from '../notify-daemon.js';
import { selectSession } from '../select-session.js';
import type { LoginOptions } from './login.js';
import { ssoDeps } from '../../sso/sso-deps.js';

export async function runLogin(opts: LoginOptions, ctx: Context): Promise<number> {
  const flags = {
    useDeviceCode: opts.useDeviceCode ?? false,
    browser: opts.browser,
    redirectPort: opts.redirectPort,
  };
  checkFlowFlags(flags);
  const session = await selectSession(ctx, opts, 'login');
  const choice = chooseLoginFlow(flags, session, loginEnvironment(ctx.env));
  const store = await ctx.store();
  const err = (line: string) => ctx.io.stderr.write(`${line}\n`);
  const interrupt = abortOnInterrupt(
    () => new CancelledError(`login to sso-session '${session.name}' cancelled`),
  );
  try {
    const result = await loginSession(
      {
        store,
        clock: ctx.clock,
        withLoginLock: loginLock(ctx, interrupt.signal, (holder, name) =>
          err(
            `Waiting for the login to sso-session '${terminalSafe(name)}' that another awsid process (${holder}) started (Ctrl-C to stop)...`,
          ),
        ),
        ...ssoDeps(ctx),
        listen: listenForCallback,
        signal: interrupt.signal,
        ui: loginUi(ctx, opts, choice.flow, err),
      },
      session,
      { flow: choice.flow, redirectPort: opts.redirectPort, notice: choice.notice },
    );
    await notifyDaemon(ctx, session.name);
    await unlockRunningDaemon(ctx);
    const now = ctx.clock.now();
    const t = result.session.token!;
    const reg = result.session.registration!;
    err(`Logged in to sso-session '${session.name}'.`);
    err(`  access token valid until ${formatWhen(t.expiresAt, now)}`);
    err(
      t.refreshToken
        ? `  refreshed automatically until the Identity Center session ends (at the latest ${formatWhen(reg.expiresAt, now)})`
        : '  not refreshable (no refresh token issued): run awsid login again when it expires',
    );
    if (result.reusedRegistration)
      err(`  reused the client registration (valid until ${formatWhen(reg.expiresAt, now)})`);
    await warnUnservedProfiles(ctx, session.name, err);
    return 0;
  } finally {
    interrupt.dispose();
  }
}

/**
 * AWS CLI SSO profiles read the AWS CLI's own token cache, not awsid's login, so after a good
 * `awsid login` they still fail with "Error loading SSO Token": say so once, naming adopt. Best
 * effort: a config that cannot be read here was already reported by the command that needs it.
 */
async function warnUnservedProfiles(
  ctx: Context,
  loggedIn: string,
  err: (line: string) => void,
): Promise<void> {
  let names: string[];
  let sessions: Set<string>;
  try {
    const { candidates } = surveyProfiles(await readAwsConfig(ctx.paths.awsConfigFile));
    names = candidates.map((c) => c.profile);
    sessions = new Set(candidates.map((c) => c.ssoSession));
  } catch {
    return;
  }
  if (names.length === 0) return;
  const shown = names.slice(0, 3).map((n) => `'${terminalSafe(n)}'`);
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  const hint =
    sessions.size === 1 && sessions.has(loggedIn)
      ? awsidHint('adopt', '--sso-session', loggedIn)
      : awsidHint('adopt');
  const [what, verb, them] =
    names.length === 1 ? ['profile', 'uses', 'it'] : ['profiles', 'use', 'them'];
  err(
    `awsid: ${what} ${shown.join(', ')}${more} still ${verb} the AWS CLI's own SSO token, not this login ("Error loading SSO Token"); to have awsid serve ${them}: ${hint}`,
  );
}

function loginUi(
  ctx: Context,
  opts: LoginOptions,
  flow: LoginFlow,
  err: (line: string) => void,
): LoginUi {
  return {
    notice: err,
    showCode: (s: SsoSessionConfig, auth: DeviceAuthorization) => {
      // The config names the session; Identity Center sends the URIs and the code.
      const [name, startUrl, region] = [s.name, s.startUrl, s.region].map(terminalSafe);
      err(`Logging in to sso-session '${name}' (${startUrl}, ${region}).`);
      err(
        `Open ${terminalSafe(auth.verificationUri)} and check that it shows this code: ${terminalSafe(auth.userCode)}`,
      );
      if (auth.verificationUriComplete)
        err(`(direct link: ${terminalSafe(auth.verificationUriComplete)})`);
    },
    showAuthorize: (s, info) => {
      err(`Logging in to sso-session '${s.name}' (${s.startUrl}, ${s.region}).`);
      // Always the URL, as the AWS CLI does: a browser can fail without saying so. It is the
      // one-shot start page (usable once, only on this machine), never the authorize URL.
      err(
        info.opened
          ? `Opened your browser (URL ${info.url}); if no sign-in page appeared, open that URL in a browser on this machine.`
          : `Open this page in a browser on this machine: ${info.url}`,
      );
      const minutes = Math.round(info.waitMs / 60_000);
      err(
        `Waiting up to ${minutes} minutes for the browser to come back to ${info.redirectUri} (Ctrl-C to stop)...`,
      );
    },
    openBrowser: async (url) => {
      // --no-browser opens nothing, and still says what it waits for once the code is shown.
      const opened = opts.browser && (await ctx.browser.open(url));
      // PKCE says this in showAuthorize, with the redirect it waits for.
      if (flow === 'device-code')
        err(opened ? 'Opened your browser; waiting for approval...' : 'Waiting for approval...');
      return opened;
    },
  };
}
