import type { SsoSessionConfig } from '../../core/model.js';
import type { DeviceAuthorization } from '../../sso/oidc-api.js';
import { loginSession } from '../../sso/login.js';
import { loginLock } from '../login-lock.js';
import type { Context } from '../context.js';
import { formatWhen } from '../../core/format-time.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { unlockRunningDaemon } from '../daemon-unlock.js';
import { notifyDaemon } from '../notify-daemon.js';
import { selectSession } from '../select-session.js';
import type { LoginOptions } from './login.js';
import { ssoDeps } from '../sso-deps.js';

export async function runLogin(opts: LoginOptions, ctx: Context): Promise<number> {
  const session = await selectSession(ctx, opts, 'login');
  const store = await ctx.store();
  const err = (line: string) => ctx.io.stderr.write(`${line}\n`);
  const result = await loginSession(
    {
      store,
      clock: ctx.clock,
      withLoginLock: loginLock(ctx),
      ...ssoDeps(ctx),
      ui: {
        notice: err,
        showCode: (s: SsoSessionConfig, auth: DeviceAuthorization) => {
          // The config names the session; Identity Center sends the URIs and the code.
          const [name, startUrl, region] = [s.name, s.startUrl, s.region].map(terminalSafe);
          const [uri, code] = [auth.verificationUri, auth.userCode].map(terminalSafe);
          err(`Logging in to sso-session '${name}' (${startUrl}, ${region}).`);
          err(`Open ${uri} and check that it shows this code: ${code}`);
          const direct = auth.verificationUriComplete;
          if (direct) err(`(direct link: ${terminalSafe(direct)})`);
        },
        openBrowser: async (url) => {
          if (!opts.browser) return false;
          const opened = await ctx.browser.open(url);
          err(opened ? 'Opened your browser; waiting for approval...' : 'Waiting for approval...');
          return opened;
        },
      },
    },
    session,
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
  return 0;
}
