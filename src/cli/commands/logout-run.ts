import { readAwsConfig } from '../../awsconfig/resolve.js';
import { UsageError } from '../../core/errors.js';
import { awsidHint } from '../../core/hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { createPortal } from '../../sso/portal.js';
import { endpointsFor, sameEndpoints, storedIssuer } from '../../sso/issuer.js';
import { PortalUnauthorizedError } from '../../sso/portal-errors.js';
import type { Context } from '../context.js';
import { notifyDaemon } from '../notify-daemon.js';
import { knownSessionName, sessionOfProfile } from '../select-session.js';
import type { LogoutOptions } from './logout.js';

async function targets(opts: LogoutOptions, ctx: Context, stored: string[]): Promise<string[]> {
  if (opts.all) return stored;
  if (opts.ssoSession) {
    const cfg = await readAwsConfig(ctx.paths.awsConfigFile);
    return [knownSessionName(cfg, opts.ssoSession, stored, ctx.argv)];
  }
  const profile = opts.profile ?? ctx.env.AWS_PROFILE;
  if (profile) return [sessionOfProfile(await readAwsConfig(ctx.paths.awsConfigFile), profile)];
  if (stored.length <= 1) return stored;
  throw new UsageError(`several sso-sessions are logged in (${stored.join(', ')}); say which`, {
    hint: `${awsidHint('logout', '--sso-session', stored[0] ?? '')}   (or: awsid logout --all)`,
  });
}

export async function runLogout(opts: LogoutOptions, ctx: Context): Promise<number> {
  const store = await ctx.store();
  const state = await store.read();
  const names = await targets(opts, ctx, Object.keys(state.sessions).sort());
  const err = (line: string) => ctx.io.stderr.write(`${terminalSafe(line)}\n`);
  if (names.length === 0) err('Not logged in to any sso-session; nothing to do.');
  for (const name of names) {
    const s = state.sessions[name];
    if (!s) {
      err(`sso-session '${name}': not logged in; nothing to do.`);
      continue;
    }
    // Its tokens go only to the endpoints that issued them: from another world, leave it alone.
    const stored = storedIssuer(s);
    const here = endpointsFor(s.region, ctx.env);
    if (!sameEndpoints(stored, here)) {
      err(
        `sso-session '${name}': logged in through ${stored.oidcEndpoint}, not ${here.oidcEndpoint}; not logged in here, nothing to do.`,
      );
      continue;
    }
    let revoked = 'no token to revoke';
    if (s.token && s.token.expiresAt > ctx.clock.now()) {
      try {
        await createPortal(s.region, ctx.env).logout(s.token.accessToken);
        revoked = 'token revoked on the server';
      } catch (e) {
        // A token the portal already refuses is as good as revoked; anything else is reported.
        revoked =
          e instanceof PortalUnauthorizedError
            ? 'the server had already ended the session'
            : `could not revoke on the server (${e instanceof Error ? e.message : String(e)})`;
      }
    }
    await store.update((st) => {
      const sessions = { ...st.sessions };
      delete sessions[name];
      return { state: { ...st, sessions }, result: undefined };
    });
    await notifyDaemon(ctx, name);
    err(`Logged out of sso-session '${name}' (${revoked}; deleted what awsid stored).`);
  }
  return 0;
}
