/**
 * Test harness: the real SDK clients and the fake Identity Center, sharing a FakeClock so device
 * flows and expiry run without waiting. The SDK finds the fake through the standard endpoint
 * variables, exactly as in production.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeIdc, type FakeIdc, type FakeIdcOptions } from '../fake-idc/index.js';
import { FakeClock } from './fake-clock.js';
import type { SsoSessionConfig } from '../../src/core/model.js';
import { resolvePaths } from '../../src/platform/paths.js';
import { openStateStore, type StateStore } from '../../src/store/state-store.js';
import { endpointsFor, type Issuer } from '../../src/sso/issuer.js';
import { listenForCallback } from '../../src/platform/loopback-callback.js';
import { loginSession, type LoginMethod, type LoginUi } from '../../src/sso/login.js';
import { createOidcApi } from '../../src/sso/oidc-client.js';

export interface Harness {
  clock: FakeClock;
  fake: FakeIdc;
  store: StateStore;
  session: SsoSessionConfig;
  shown: string[];
  opened: string[];
  oidcFor: (region: string) => ReturnType<typeof createOidcApi>;
  issuerFor: (name: string) => Promise<Issuer>;
  login(method?: LoginMethod): ReturnType<typeof loginSession>;
  close(): Promise<void>;
}

export async function createHarness(opts: FakeIdcOptions = {}): Promise<Harness> {
  const clock = new FakeClock();
  const fake = await startFakeIdc({ intervalSec: 5, ...opts, now: clock.now });
  const home = await mkdtemp(join(tmpdir(), 'awsid-unit-'));
  process.env.AWS_ENDPOINT_URL_SSO_OIDC = fake.url;
  process.env.AWS_ENDPOINT_URL_SSO = fake.url;
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const env = { HOME: home, AWSID_SECRET_STORE: 'memory' };
  const store = await openStateStore({ env, paths: resolvePaths(env), clock });
  const session: SsoSessionConfig = {
    name: 'corp',
    startUrl: 'https://d-fake000001.awsapps.com/start',
    region: 'us-east-1',
    scopes: ['sso:account:access'],
  };
  const shown: string[] = [];
  const opened: string[] = [];
  const ui: LoginUi = {
    showCode: (_s, auth) => shown.push(auth.userCode),
    openBrowser: (url) => {
      opened.push(url);
      return Promise.resolve(true);
    },
    notice: (line) => shown.push(line),
  };
  const oidcFor = (region: string) => createOidcApi(region, process.env, clock.now);
  const endpoints = (region: string) => endpointsFor(region, process.env);
  /** The issuer the test's config names for 'corp' (src/sso/issuer.ts). */
  const issuerFor = () =>
    Promise.resolve({
      startUrl: session.startUrl,
      region: session.region,
      ...endpoints(session.region),
    });
  return {
    clock,
    fake,
    store,
    session,
    shown,
    opened,
    oidcFor,
    issuerFor,
    login: (method) =>
      loginSession(
        { store, oidcFor, endpointsFor: endpoints, clock, ui, listen: listenForCallback },
        session,
        method,
      ),
    close: async () => {
      await fake.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
