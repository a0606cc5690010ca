/**
 * `awsid status --sso-session S` tells scripts by its exit code whether S can be used: 3 when it
 * is not logged in, 4 when no such sso-session exists, 0 once logged in; the overview without a
 * name exits 0. The built CLI, the fake Identity Center, the passphrase store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWorld, type World } from '../helpers/world.js';

describe('status exit codes', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'status-test-passphrase' },
    });
  });
  afterAll(async () => w?.close());

  it('exits 3 for a named session that is not logged in, 4 for one that does not exist', async () => {
    const out = await w.sb.run(['status', '--sso-session', 'corp']);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('logged in: no');
    expect(out.stdout).toContain('run: awsid login --sso-session corp');
    expect((await w.sb.run(['status', '--sso-session', 'corp', '--json'])).code).toBe(3);

    const missing = await w.sb.run(['status', '--sso-session', 'nope']);
    expect(missing.code).toBe(4);
    expect(missing.stdout).toContain("sso-session 'nope' is neither configured nor logged in");
    expect((await w.sb.run(['status', '--sso-session', 'nope', '--json'])).code).toBe(4);

    expect((await w.sb.run(['status'])).code).toBe(0);
  });

  it('exits 0 for the named session once it is logged in', async () => {
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    const out = await w.sb.run(['status', '--sso-session', 'corp']);
    expect(out.stdout).toContain('logged in: yes');
    expect(out.code).toBe(0);
    expect((await w.sb.run(['status', '--sso-session', 'nope'])).code).toBe(4);
  });
});
