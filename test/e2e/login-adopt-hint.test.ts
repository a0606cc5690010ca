/**
 * After `awsid login`, profiles that still use the AWS CLI's own SSO token keep failing with
 * "Error loading SSO Token": login says so in one line naming `awsid adopt`, and stops saying it
 * once they are adopted. The built CLI, the fake Identity Center, the passphrase store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_DEV_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const STORE = { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'adopt hint passphrase' };
const LINE =
  "awsid: profile 'dev' still uses the AWS CLI's own SSO token, not this login (\"Error loading SSO Token\"); to have awsid serve it: awsid adopt --sso-session corp\n";

describe('awsid login names awsid adopt while AWS CLI SSO profiles remain', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ env: STORE, config: CORP_DEV_CONFIG });
  });
  afterAll(async () => world?.close());

  it('says it once after the login, and no more once the profile is adopted', async () => {
    const { sb } = world;
    const r = await sb.run(['login', '--no-browser']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.endsWith(LINE)).toBe(true);
    expect(r.stderr.split(LINE)).toHaveLength(2);
    const adopt = await sb.run(['adopt', '--sso-session', 'corp']);
    expect(adopt.code, adopt.stderr).toBe(0);
    const again = await sb.run(['login', '--no-browser']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('awsid adopt');
  });

  it('lists a few names and the plain adopt command when profiles of other sessions remain', async () => {
    const { sb } = world;
    const legacy = (n: number) =>
      `\n[profile old${n}]\nsso_start_url = https://d-other00001.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 22222222222${n}\nsso_role_name = Admin\n`;
    await sb.writeConfig(CORP_DEV_CONFIG + [1, 2, 3, 4].map(legacy).join(''));
    const r = await sb.run(['login', '--no-browser']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "awsid: profiles 'dev', 'old1', 'old2' and 2 more still use the AWS CLI's own SSO token, not this login (\"Error loading SSO Token\"); to have awsid serve them: awsid adopt\n",
    );
  });
});
