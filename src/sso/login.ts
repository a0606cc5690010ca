/**
 * `awsid login` for one sso-session: reuse or register the OIDC client, start the device
 * authorization, show the code, open the browser, poll, and store the tokens sealed.
 */
import type { Clock } from '../core/clock.js';
import { CorruptStateError, ServiceError } from '../core/errors.js';
import { awsidHint } from '../core/hints.js';
import type { SsoSessionConfig } from '../core/model.js';
import type { AwsidState, SessionState } from '../store/state.js';
import type { StateStore } from '../store/state-store.js';
import { pollForToken } from './device-flow.js';
import {
  OidcError,
  type ClientRegistration,
  type DeviceAuthorization,
  type OidcApi,
} from './oidc-api.js';
import { sameIssuer, storedIssuer, type Issuer, type SessionEndpoints } from './issuer.js';
import { isReusable, registerClient } from './registration.js';

export interface LoginUi {
  /** Tell the person where to go and which code to check (stderr). */
  showCode(session: SsoSessionConfig, auth: DeviceAuthorization): void;
  /** Open the verification page; false when no browser could be opened. */
  openBrowser(url: string): Promise<boolean>;
  notice(line: string): void;
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
   * (landscape: the most common complaint about the peers).
   */
  withLoginLock?: <T>(sessionName: string, fn: () => Promise<T>) => Promise<T>;
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
): Promise<LoginResult> {
  try {
    return await login(deps, session);
  } catch (e) {
    if (!(e instanceof OidcError)) throw e;
    throw new ServiceError(
      `Identity Center could not start a login for sso-session '${session.name}': ${e.message}`,
      { hint: awsidHint('doctor', '--sso-session', session.name), cause: e },
    );
  }
}

async function login(deps: LoginDeps, session: SsoSessionConfig): Promise<LoginResult> {
  if (!deps.withLoginLock) return loginUnlocked(deps, session);
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
    return loginUnlocked(deps, session);
  });
}

async function loginUnlocked(deps: LoginDeps, session: SsoSessionConfig): Promise<LoginResult> {
  const oidc = deps.oidcFor(session.region);
  const state = await readOrRecover(deps);
  const prev = state.sessions[session.name];
  const here = issuerOf(deps, session);
  // A registration's client secret goes only to the endpoint that issued it.
  const samePlace = prev !== undefined && sameIssuer(storedIssuer(prev), here);
  let registration: ClientRegistration | undefined = samePlace ? prev.registration : undefined;
  let reusedRegistration = isReusable(registration, session, deps.clock.now());
  if (!reusedRegistration) registration = await registerClient(oidc, session);
  let reg = registration!;
  const base: SessionState = {
    ...(samePlace ? prev : {}),
    startUrl: session.startUrl,
    region: session.region,
    oidcEndpoint: here.oidcEndpoint,
    portalEndpoint: here.portalEndpoint,
    scopes: session.scopes,
    registration: reg,
  };
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
  const now = deps.clock.now();
  const saved: SessionState = {
    ...base,
    registration: reg,
    token: {
      accessToken: grant.accessToken,
      expiresAt: now + grant.expiresIn * 1000,
      ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
      issuedAt: now,
      loginAt: now,
    },
  };
  await saveSession(deps.store, session.name, saved);
  return { session: saved, reusedRegistration };
}

function creds(reg: ClientRegistration): { clientId: string; clientSecret: string } {
  return { clientId: reg.clientId, clientSecret: reg.clientSecret };
}

function issuerOf(deps: LoginDeps, session: SsoSessionConfig): Issuer {
  return {
    startUrl: session.startUrl,
    region: session.region,
    ...deps.endpointsFor(session.region),
  };
}
