/**
 * `awsid login` for one sso-session: reuse or register the OIDC client for the chosen flow, let
 * the person approve (device code, or PKCE in this machine's browser), and store the tokens
 * sealed.
 */
import type { Clock } from '../core/clock.js';
import { CorruptStateError, ServiceError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { LoginFlow, SsoSessionConfig } from '../core/model.js';
import type { CallbackListener, ListenOptions } from '../platform/loopback-callback.js';
import type { AwsidState, SessionState } from '../store/state.js';
import type { StateStore } from '../store/state-store.js';
import { pollForToken } from './device-flow.js';
import {
  OidcError,
  type Registration,
  type DeviceAuthorization,
  type OidcApi,
  type TokenGrant,
} from './oidc-api.js';
import { sameIssuer, storedIssuer, type Issuer, type SessionEndpoints } from './issuer.js';
import { runPkceFlow, type AuthorizeInfo } from './pkce-flow.js';
import { isReusable, registerClient } from './registration.js';

export interface LoginUi {
  /** Tell the person where to go and which code to check (stderr). */
  showCode(session: SsoSessionConfig, auth: DeviceAuthorization): void;
  /** Open the verification or sign-in page; false when no browser could be opened. */
  openBrowser(url: string): Promise<boolean>;
  /** PKCE: where the browser went (or should go) and where it comes back (stderr). */
  showAuthorize?(session: SsoSessionConfig, info: AuthorizeInfo): void;
  notice(line: string): void;
}

/** Which flow to run; PKCE needs `LoginDeps.listen`. */
export interface LoginMethod {
  flow: LoginFlow;
  /** PKCE: the loopback port (for `ssh -L`); undefined lets the OS choose. */
  redirectPort?: number | undefined;
  /** Which flow and why (stderr), said once the store is open and this process logs in. */
  notice?: string | undefined;
}

export interface LoginDeps {
  store: StateStore;
  oidcFor(region: string): OidcApi;
  /** The endpoints `oidcFor(region)` and the portal reach here, stored with the tokens (issuer.ts). */
  endpointsFor(region: string): SessionEndpoints;
  clock: Clock;
  ui: LoginUi;
  signal?: AbortSignal;
  /**
   * Runs `fn` while no other awsid process logs in to the same sso-session (a lock file), so
   * parallel callers that all found the session ended open one browser tab, not dozens
   * (ByteNess/aws-vault #445: 21-74 approval tabs per token expiry).
   */
  withLoginLock?: <T>(sessionName: string, fn: () => Promise<T>) => Promise<T>;
  /** The loopback redirect listener for PKCE (src/platform/loopback-callback.ts). */
  listen?: (o: ListenOptions) => Promise<CallbackListener>;
}

export interface LoginResult {
  session: SessionState;
  reusedRegistration: boolean;
}

async function readOrRecover(deps: LoginDeps): Promise<AwsidState> {
  // probe() reaches the keychain now, so a broken store fails before the person approves.
  try {
    await deps.store.probe();
    return await deps.store.read();
  } catch (e) {
    if (!(e instanceof CorruptStateError)) throw e;
    // Loses nothing: the unreadable file is renamed, never deleted.
    const moved = await deps.store.quarantine();
    deps.ui.notice(
      `awsid: ${e.message}; moved it aside to ${moved ?? '(nothing to move)'} and starting fresh`,
    );
    await deps.store.probe();
    return deps.store.read();
  }
}

async function saveSession(store: StateStore, name: string, s: SessionState): Promise<void> {
  await store.update((state) => ({
    state: { ...state, sessions: { ...state.sessions, [name]: s } },
    result: undefined,
  }));
}

export async function loginSession(
  deps: LoginDeps,
  session: SsoSessionConfig,
  method: LoginMethod = { flow: 'device-code' },
): Promise<LoginResult> {
  try {
    return await login(deps, session, method);
  } catch (e) {
    if (!(e instanceof OidcError)) throw e;
    throw new ServiceError(
      `Identity Center could not start a login for sso-session '${session.name}': ${e.message}`,
      { hint: awsidHint('doctor', '--sso-session', session.name), cause: e },
    );
  }
}

async function login(
  deps: LoginDeps,
  session: SsoSessionConfig,
  method: LoginMethod,
): Promise<LoginResult> {
  if (!deps.withLoginLock) return loginUnlocked(deps, session, method);
  // Reach the keychain (and move unreadable state aside) before the lock writes anything.
  await readOrRecover(deps);
  const asked = deps.clock.now();
  return deps.withLoginLock(session.name, async () => {
    // Someone else finished a login while we waited for the lock: use theirs.
    const s = (await readOrRecover(deps)).sessions[session.name];
    const t = s?.token;
    if (
      s &&
      t &&
      t.loginAt >= asked &&
      t.expiresAt > deps.clock.now() &&
      sameIssuer(storedIssuer(s), issuerOf(deps, session))
    ) {
      deps.ui.notice(`sso-session '${session.name}' was just logged in by another awsid process`);
      return { session: s, reusedRegistration: true };
    }
    return loginUnlocked(deps, session, method);
  });
}

async function loginUnlocked(
  deps: LoginDeps,
  session: SsoSessionConfig,
  method: LoginMethod,
): Promise<LoginResult> {
  const oidc = deps.oidcFor(session.region);
  const state = await readOrRecover(deps);
  if (method.notice) deps.ui.notice(method.notice);
  const prev = state.sessions[session.name];
  const here = issuerOf(deps, session);
  // A registration's client secret goes only to the endpoint that issued it, and serves only
  // the flow it was made for.
  const samePlace = prev !== undefined && sameIssuer(storedIssuer(prev), here);
  const stored = samePlace ? prev.registration : undefined;
  const reused = isReusable(stored, session, deps.clock.now(), method.flow);
  const registration = reused ? stored : await registerClient(oidc, session, method.flow);
  const base: SessionState = {
    ...(samePlace ? prev : {}),
    startUrl: session.startUrl,
    region: session.region,
    oidcEndpoint: here.oidcEndpoint,
    portalEndpoint: here.portalEndpoint,
    scopes: session.scopes,
    registration,
  };
  const approved =
    method.flow === 'pkce'
      ? await pkceLogin(deps, oidc, session, method, registration, reused)
      : await deviceLogin(deps, oidc, session, base, reused);
  const now = deps.clock.now();
  const saved: SessionState = {
    ...base,
    registration: approved.reg,
    token: {
      accessToken: approved.grant.accessToken,
      expiresAt: now + approved.grant.expiresIn * 1000,
      ...(approved.grant.refreshToken ? { refreshToken: approved.grant.refreshToken } : {}),
      issuedAt: now,
      loginAt: now,
    },
  };
  await saveSession(deps.store, session.name, saved);
  return { session: saved, reusedRegistration: approved.reused };
}

interface Approved {
  grant: TokenGrant;
  reg: Registration;
  reused: boolean;
}

/** PKCE writes nothing until the tokens arrive: an interrupted or denied login leaves no trace. */
async function pkceLogin(
  deps: LoginDeps,
  oidc: OidcApi,
  session: SsoSessionConfig,
  method: LoginMethod,
  reg: Registration,
  reused: boolean,
): Promise<Approved> {
  if (!deps.listen) throw new Error('awsid bug: a PKCE login needs LoginDeps.listen');
  const ui = deps.ui;
  const grant = await runPkceFlow({
    oidc,
    clock: deps.clock,
    session,
    ...creds(reg),
    listen: deps.listen,
    redirectPort: method.redirectPort,
    openBrowser: (url) => ui.openBrowser(url),
    showAuthorize: (s, info) => ui.showAuthorize?.(s, info),
    signal: deps.signal,
  });
  return { grant, reg, reused };
}

async function deviceLogin(
  deps: LoginDeps,
  oidc: OidcApi,
  session: SsoSessionConfig,
  base: SessionState,
  reused: boolean,
): Promise<Approved> {
  let reg = base.registration!;
  let reusedRegistration = reused;
  if (!reusedRegistration) await saveSession(deps.store, session.name, base);
  let auth: DeviceAuthorization;
  try {
    auth = await oidc.startDeviceAuthorization({ ...creds(reg), startUrl: session.startUrl });
  } catch (e) {
    // A stored registration the service no longer knows: register again, once.
    if (!(e instanceof OidcError && e.kind === 'invalid_client' && reusedRegistration)) throw e;
    reg = await registerClient(oidc, session);
    reusedRegistration = false;
    await saveSession(deps.store, session.name, { ...base, registration: reg });
    auth = await oidc.startDeviceAuthorization({ ...creds(reg), startUrl: session.startUrl });
  }

  deps.ui.showCode(session, auth);
  const url = auth.verificationUriComplete ?? auth.verificationUri;
  await deps.ui.openBrowser(url);
  const grant = await pollForToken(
    oidc,
    deps.clock,
    { sessionName: session.name, ...creds(reg), authorization: auth },
    deps.signal,
  );
  return { grant, reg, reused: reusedRegistration };
}

function creds(reg: Registration): { clientId: string; clientSecret: string } {
  return { clientId: reg.clientId, clientSecret: reg.clientSecret };
}

function issuerOf(deps: LoginDeps, session: SsoSessionConfig): Issuer {
  return {
    startUrl: session.startUrl,
    region: session.region,
    ...deps.endpointsFor(session.region),
  };
}
