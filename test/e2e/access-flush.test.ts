/**
 * `awsid access` sees every use the daemon served before it started: it asks a running daemon to
 * write its pending usage record first (`flushUsage`), instead of missing what the daemon has not
 * written yet (it writes at most every 2 s). The BUILT CLI, the fake Identity Center.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

interface Row {
  accountId: string;
  roleName: string;
  lastUsed: string | null;
}

describe('awsid access right after a served request', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'access-flush-passphrase' },
    });
    expect((await world.sb.run(['login', '--no-browser'])).code).toBe(0);
  });
  afterAll(async () => world?.close());

  it('shows the role just served as used, with the daemon still running', async () => {
    const { sb } = world;
    const served = await sb.run(CP);
    expect(served.code).toBe(0);
    const pid = (
      JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as { pid: number }
    ).pid;
    const r = await sb.run(['access', '--json']);
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { assignments: Row[] }).assignments;
    const row = rows.find((a) => a.accountId === '111111111111' && a.roleName === 'ReadOnlyAccess');
    expect(row?.lastUsed).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The same daemon, still running: the record came from the flush, not from a stop.
    const after = JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as {
      pid: number;
    };
    expect(after.pid).toBe(pid);
  }, 60_000);
});
