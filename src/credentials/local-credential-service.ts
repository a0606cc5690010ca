/**
 * The in-process credential service: the token service (refresh single-flight under the store's
 * lock) plus the portal, behind the daemon's caching decorator. The daemon runs exactly this; a
 * credential-process that cannot reach the daemon runs it too (slower, still correct).
 */
import { readAwsConfig } from '../awsconfig/resolve.js';
import { awsidHint } from '../core/hints.js';
import { sessionConfig } from '../awsconfig/session-config.js';
import {
  type CredentialService,
  type CredentialServiceDeps,
  createCredentialService,
  type LoginFn,
} from './credential-service.js';
import { endpointHost, httpDeadlines } from '../sso/http-deadline.js';
import { oidcEndpointLabel } from '../sso/oidc-client.js';
import { loginSession } from '../sso/login.js';
import { createPortal, type Portal, portalEndpointLabel } from '../sso/portal.js';
import { RoleNotAssignedError } from '../sso/portal-errors.js';
import { createTokenService, notLoggedIn } from '../sso/token-service.js';
import { loginEnvironment } from '../platform/login-environment.js';
import { listenForCallback } from '../platform/loopback-callback.js';
import type { Browser } from '../platform/browser.js';
import { browserHere, chooseLoginFlow } from '../sso/choose-login-flow.js';
import { loginLock, type LoginLockWorld } from '../sso/login-lock.js';
import { ssoDeps, type SsoWorld } from '../sso/sso-deps.js';

export interface LocalServiceOptions {
  /** Allow `--auto-login`: one device flow for every waiting caller. */
  allowLogin: boolean;
  log: (line: string) => void;
  /** Told of every request served; the caller flushes it (src/access/usage-recorder.ts). */
  usage?: CredentialServiceDeps['usage'];
}

/** What the service needs of its process's world (the cli's Context has it). */
export interface LocalServiceWorld extends SsoWorld, LoginLockWorld {
  paths: SsoWorld['paths'] & LoginLockWorld['paths'];
  browser: Browser;
}

export async function createLocalCredentialService(
  ctx: LocalServiceWorld,
  opts: LocalServiceOptions,
): Promise<CredentialService> {
  const store = await ctx.store();
  const sso = ssoDeps(ctx);
  const tokens = createTokenService({ store, ...sso, clock: ctx.clock });
  const portals = new Map<string, Portal>();
  const portalFor = (region: string) => {
    let p = portals.get(region);
    if (!p) portals.set(region, (p = createPortal(region, ctx.env)));
    return p;
  };
  const login: LoginFn = async (ssoSession, showCode, callerEnv) => {
    const session = sessionConfig(await readAwsConfig(ctx.paths.awsConfigFile), ssoSession);
    const flags = { useDeviceCode: false, browser: true, redirectPort: undefined };
    // The caller's environment (sent with its request) decides, as for a direct `awsid login`;
    // the daemon's own is only a fallback for a caller that sent none.
    const where = callerEnv ?? loginEnvironment(ctx.env);
    const choice = chooseLoginFlow(flags, session, where);
    await loginSession(
      {
        store,
        ...sso,
        clock: ctx.clock,
        withLoginLock: loginLock(ctx),
        listen: listenForCallback,
        ui: {
          notice: opts.log,
          showCode: (s, auth) => {
            opts.log(`auto-login for sso-session '${s.name}': code ${auth.userCode}`);
            showCode({
              verificationUri: auth.verificationUriComplete ?? auth.verificationUri,
              userCode: auth.userCode,
              expiresAt: ctx.clock.now() + auth.expiresIn * 1000,
            });
          },
          // A device page opens only where the caller could see it (not on the daemon's desktop
          // for a caller in an SSH session); the browser sign-in always tries.
          openBrowser: (url) =>
            choice.flow === 'pkce' || browserHere(where)
              ? ctx.browser.open(url)
              : Promise.resolve(false),
          showAuthorize: (s, info) => {
            opts.log(
              `auto-login for sso-session '${s.name}': ${info.opened ? 'opened the browser' : 'could not open a browser'}; waiting for ${info.redirectUri}`,
            );
            showCode({
              verificationUri: info.url,
              browserOpened: info.opened,
              expiresAt: ctx.clock.now() + info.waitMs,
            });
          },
        },
      },
      session,
      {
        flow: choice.flow,
        notice: `auto-login for sso-session '${session.name}': ${choice.notice}`,
      },
    );
  };
  /** The host a session's fetches go to, for the error of a fetch that does not end in time. */
  const endpointOf = async (ssoSession: string, stage: 'token' | 'role') => {
    const region =
      (await store.read()).sessions[ssoSession]?.region ??
      sessionConfig(await readAwsConfig(ctx.paths.awsConfigFile), ssoSession).region;
    const label = stage === 'token' ? oidcEndpointLabel : portalEndpointLabel;
    return endpointHost(label(region, ctx.env));
  };
  return createCredentialService({
    clock: ctx.clock,
    log: opts.log,
    waitMs: httpDeadlines(ctx.env).waitMs,
    endpointOf,
    getAccessToken: (s, o) => tokens.getAccessToken(s, o),
    fetchRoleCredentials: async (ssoSession, accessToken, accountId, roleName, tokenRegion) => {
      // The token service gives the region with the token; read the store only if one did not.
      const region = tokenRegion ?? (await store.read()).sessions[ssoSession]?.region;
      if (region === undefined) throw notLoggedIn(ssoSession);
      try {
        return await portalFor(region).getRoleCredentials(accessToken, accountId, roleName);
      } catch (e) {
        if (!(e instanceof RoleNotAssignedError)) throw e;
        throw new RoleNotAssignedError(
          `role '${roleName}' in account ${accountId} is not assigned to you in sso-session '${ssoSession}'`,
          {
            hint: `${awsidHint('populate', '--sso-session', ssoSession, '--dry-run')}   (lists what you can reach)`,
            cause: e,
          },
        );
      }
    },
    login: opts.allowLogin ? login : undefined,
    usage: opts.usage,
  });
}
