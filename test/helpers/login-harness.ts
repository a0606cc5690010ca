/**
 * Test harness: the real SDK clients and the fake Identity Center, sharing a FakeClock so device
 * flows and expiry run without waiting. The clients find the fake through the standard endpoint
 * variables in the injected env, exactly as in production (src/sso/endpoint.ts).
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
  const env = {
    HOME: home,
    AWSID_SECRET_STORE: 'memory',
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_ENDPOINT_URL_SSO: fake.url,
  };
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
  const oidcFor = (region: string) => createOidcApi(region, env, clock.now);
  const endpoints = (region: string) => endpointsFor(region, env);
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
