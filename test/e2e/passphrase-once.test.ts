/**
 * The passphrase store asks once: after `login` and with an unlocked daemon of the world, the
 * commands that open the sealed file themselves (status, populate, access) take the key from
 * that daemon over its private socket instead of asking: no stdin, no terminal, no
 * AWSID_PASSPHRASE. Without an unlocked daemon they still need the passphrase. The built CLI, the
 * fake Identity Center, a temp HOME.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Sandbox } from '../helpers/cli.js';
import { CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const PASSPHRASE = 'typed once';
const NO_TERMINAL_LINE =
  'awsid: AWSID_SECRET_STORE=passphrase needs a passphrase: AWSID_PASSPHRASE is not set and there is no terminal to ask';

describe('the passphrase store asks once per daemon', () => {
  let world: World;
  let sb: Sandbox;

  beforeAll(async () => {
    world = await startWorld({
      config: CORP_DEV_CONFIG,
      env: { AWSID_SECRET_STORE: 'passphrase' },
      fake: { person: { kind: 'approve', afterPolls: 0 } },
    });
    ({ sb } = world);
    const login = await sb.run(['login', '--no-browser'], { AWSID_PASSPHRASE: PASSPHRASE });
    expect(login.code).toBe(0);
  });
  afterAll(async () => world?.close());

  it('with no daemon holding the key, status still needs the passphrase', async () => {
    const r = await sb.run(['status']);
    expect(r.stderr.split('\n')[0]).toBe(NO_TERMINAL_LINE);
    expect(r.code).not.toBe(0);
  });

  it.each([
    ['status', ['status', '--sso-session', 'corp']],
    ['populate', ['populate']],
    ['access', ['access']],
  ])(
    'with an unlocked daemon, %s succeeds with no stdin, terminal or AWSID_PASSPHRASE',
    async (_name, args) => {
      const unlock = await sb.run(['unlock'], { AWSID_PASSPHRASE: PASSPHRASE });
      expect(unlock.code).toBe(0);
      const r = await sb.run(args);
      expect(r.stderr).not.toContain('passphrase');
      expect(r.code).toBe(0);
    },
  );

  it('once the daemon is locked again, it asks again (here: says it cannot)', async () => {
    expect((await sb.run(['lock'])).code).toBe(0);
    const r = await sb.run(['status']);
    expect(r.stderr.split('\n')[0]).toBe(NO_TERMINAL_LINE);
  });
});
