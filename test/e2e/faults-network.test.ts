/**
 * Network faults, end to end with the built CLI and the fake Identity Center: a tarpitted portal
 * (connections accepted, never answered). Every network call has a deadline and every shared
 * fetch a wait limit (docs/errors.md, "Deadlines"), so credential-process fails with one line
 * naming the endpoint, and once the portal answers again the next call works, with the same daemon.
 * AWSID_HTTP_TIMEOUT_MS, the documented setting, keeps the deadlines short here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

describe('a tarpitted portal', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({
      env: {
        AWSID_SECRET_STORE: 'passphrase',
        AWSID_PASSPHRASE: 'faults-network-passphrase',
        AWSID_HTTP_TIMEOUT_MS: '1000',
      },
    });
    expect((await world.sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => world?.close());

  async function daemonPid(): Promise<number | undefined> {
    const r = await world.sb.run(['daemon', 'status', '--json']);
    const s = JSON.parse(r.stdout) as { running: boolean; pid?: number };
    return s.running ? s.pid : undefined;
  }

  it('credential-process fails with one line naming the host, and works once the portal answers', async () => {
    const { sb, fake } = world;
    const host = `127.0.0.1:${fake.port}`;
    const release = fake.tarpit('GetRoleCredentials');
    let first;
    try {
      first = await sb.run(CP);
    } finally {
      release();
    }
    expect(fake.tarpitted()).toBeGreaterThan(0);
    expect(first.stdout).toBe('');
    expect(first.code).toBe(8);
    expect(first.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(first.stderr).toMatch(/^awsid: .*no answer from .*; run: awsid doctor\n$/);
    expect(first.stderr).toContain(host);
    expect(first.stderr).not.toContain('http://');
    const pid = await daemonPid();
    expect(pid).toBeGreaterThan(0);

    // No `awsid daemon stop`: the same daemon serves the next call.
    const next = await sb.run(CP);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ Version: 1 });
    expect(await daemonPid()).toBe(pid);
  }, 60_000);
});
