/**
 * One user, two worlds (docs/architecture.md, "One daemon per world"): a second config file with
 * its own Identity Center endpoints, in the same HOME and the same secret store. Each world is
 * served by its own daemon from its own Identity Center; nothing of world B ever reaches world
 * A's endpoints; world B's login survives world A's calls. The built CLI, two fakes, a real
 * gnome-keyring.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeIdc, type FakeIdc } from '../fake-idc/index.js';
import { CORP_CONFIG, CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { keychainSkipReason } from '../helpers/keyring.js';
import { startWorld, type World } from '../helpers/world.js';

const reason = keychainSkipReason('the two-worlds end-to-end tests');

/** A role no daemon has cached yet: answering it needs the session's token. */
const ADMIN = [...CP.slice(0, -1), 'AdministratorAccess'];

/** World B names its session `corp` too, at another start URL. */
const CONFIG_B = CORP_CONFIG.replace('d-fake000001', 'd-fake000002');

describe.skipIf(reason !== undefined)('two worlds, one user', () => {
  let w: World;
  let fakeB: FakeIdc;
  let worldB: Record<string, string>;

  beforeAll(async () => {
    w = await startWorld({ keychain: true });
    fakeB = await startFakeIdc({ intervalSec: 1 });
    const configB = join(w.sb.home, 'config-b');
    await writeFile(configB, CONFIG_B);
    worldB = {
      AWS_CONFIG_FILE: configB,
      AWS_ENDPOINT_URL_SSO_OIDC: fakeB.url,
      AWS_ENDPOINT_URL_SSO: fakeB.url,
    };
  });

  afterAll(async () => {
    await w?.sb.run(['daemon', 'stop'], worldB);
    await w?.close();
    await fakeB?.close();
  });

  it('serves each world from its own Identity Center through its own daemon', async () => {
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    const a = await w.sb.run(CP);
    expect(a.code).toBe(0);
    expect(w.fake.issuedSecrets()).toContain(JSON.parse(a.stdout).SecretAccessKey);

    // World A's daemon is running now. World B logs in and asks: its own daemon, its own fake.
    const seenByA = w.fake.log.length;
    const login = await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'], worldB);
    expect(login.code).toBe(0);
    const b = await w.sb.run(CP, worldB);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const secretB = JSON.parse(b.stdout).SecretAccessKey as string;
    expect(fakeB.issuedSecrets()).toContain(secretB);
    expect(w.fake.issuedSecrets()).not.toContain(secretB);
    expect(w.fake.log.length).toBe(seenByA);

    const runtime = join(w.sb.home, '.local', 'state', 'awsid', 'run');
    const sockets = (await readdir(runtime)).filter((f) => f.endsWith('.sock'));
    expect(sockets).toHaveLength(2);
  });

  it("world A no longer uses the session that world B logged in: not logged in here, and A's Identity Center hears nothing", async () => {
    const seenByA = w.fake.log.length;
    // World A's daemon still caches its role credentials; the uncached role needs the token.
    const r = await w.sb.run(ADMIN);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("sso-session 'corp' is not logged in here");
    expect(r.stderr).toContain('d-fake000002');
    expect(r.stderr).toContain('run: awsid login --sso-session corp');
    expect(w.fake.log.length).toBe(seenByA);
    const statusA = JSON.parse((await w.sb.run(['status', '--json'])).stdout) as {
      sessions: { loggedIn: boolean; notLoggedInHere?: string }[];
    };
    expect(statusA.sessions[0]?.loggedIn).toBe(false);
    expect(statusA.sessions[0]?.notLoggedInHere).toContain('d-fake000002');

    // World B's login survived world A's attempt, and still serves.
    const b = await w.sb.run(ADMIN, worldB);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const status = await w.sb.run(['status', '--json'], worldB);
    const sessions = (JSON.parse(status.stdout) as { sessions: { loggedIn: boolean }[] }).sessions;
    expect(sessions.map((s) => s.loggedIn)).toEqual([true]);
  });
});
