/**
 * A refresher paused (SIGSTOP: Ctrl-Z, laptop suspend) past the state lock's stale limit loses no
 * session. Process A takes the lock to refresh and is stopped there; process B breaks the stale
 * lock, refreshes (the refresh token rotates) and writes; A resumes and sends the rotated refresh
 * token. Fencing makes A notice that the lock and the file moved on before it sends anything, so
 * it starts over from the fresh state and uses B's token: Identity Center never sees the rotated
 * refresh token again, and no session is lost.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { systemClock } from '../../src/platform/clock-node.js';
import { resolvePaths } from '../../src/platform/paths.js';
import { loginSession } from '../../src/sso/login.js';
import { createOidcApi } from '../../src/sso/oidc-client.js';
import { endpointsFor } from '../../src/sso/issuer.js';
import { createTokenService } from '../../src/sso/token-service.js';
import { openStateStore } from '../../src/store/state-store.js';

const root = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, 'fixtures', 'refresh-child.ts');
const STALE_MS = '400';

function child(mode: 'pause' | 'run', env: NodeJS.ProcessEnv) {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, STALE_MS], { cwd: root, env });
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => p.once('exit', () => resolve(out.trim())));
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const look = () => {
        if (out.split('\n').includes(line)) resolve();
        else if (p.exitCode !== null) reject(new Error(`child exited: ${out}`));
        else setTimeout(look, 10);
      };
      look();
    });
  return { p, exited, printed };
}

describe('a refresher paused past the state lock stale limit', () => {
  let fake: FakeIdc;
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    fake = await startFakeIdc({ intervalSec: 1 });
    home = await mkdtemp(join(tmpdir(), 'awsid-paused-'));
    env = {
      ...process.env,
      HOME: home,
      XDG_STATE_HOME: '',
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'paused refresher test',
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  });
  afterAll(async () => {
    await fake.close();
    await rm(home, { recursive: true, force: true });
  });

  it('loses no session and never sends a rotated refresh token', { timeout: 60_000 }, async () => {
    const store = await openStateStore({ env, paths: resolvePaths(env), clock: systemClock });
    const oidcFor = (region: string) => createOidcApi(region, env, Date.now);
    const ui = { showCode: () => {}, openBrowser: () => Promise.resolve(true), notice: () => {} };
    const session = {
      name: 'corp',
      startUrl: 'https://d-fake000001.awsapps.com/start',
      region: 'us-east-1',
      scopes: ['sso:account:access'],
    };
    const endpoints = (region: string) => endpointsFor(region, env);
    const issuerFor = () => Promise.resolve({ ...session, ...endpoints(session.region) });
    await loginSession(
      { store, oidcFor, endpointsFor: endpoints, clock: systemClock, ui },
      session,
    );
    const before = (await store.read()).sessions.corp?.token?.refreshToken;
    const loggedIn = fake.log.length;

    const a = child('pause', env);
    await a.printed('holding');
    a.p.kill('SIGSTOP');
    const b = child('run', env);
    expect(await b.exited).toBe('ok');
    a.p.stdin.write('go\n');
    a.p.kill('SIGCONT');
    expect(await a.exited).toBe('holding\nok');

    const after = (await store.read()).sessions.corp?.token;
    expect(after?.refreshToken).toBeDefined();
    expect(after?.refreshToken).not.toBe(before);
    // One refresh in all (B's, with the login's refresh token): A, fenced out, sent nothing, so
    // no request carried the refresh token B had already rotated (the fake refuses those).
    const refreshes = fake.log.slice(loggedIn).filter((e) => e.operation === 'CreateToken');
    expect(refreshes.map((e) => e.status)).toEqual([200]);
    const refused = fake.log.filter((e) => e.errorShape === 'InvalidGrantException');
    expect(refused).toEqual([]);
    // The stored refresh token is the live one: one more refresh works.
    const tokens = createTokenService({ store, oidcFor, issuerFor, clock: systemClock });
    await expect(tokens.getAccessToken('corp', { forceRefresh: true })).resolves.toMatchObject({
      expiresAt: expect.any(Number) as number,
    });
    expect(fake.log.filter((e) => e.errorShape === 'InvalidGrantException')).toEqual(refused);
  });
});
