/**
 * After `eval "$(awsid init bash)"` and `awsid use P` in a real bash, the real AWS CLI in that
 * same shell runs as P: `aws sts get-caller-identity` against a local STS (moto) gets P's role
 * credentials through P's credential_process, and `aws configure list` names P from AWS_PROFILE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { envWithAwsid, runShell, shellMissing, USE_CONFIG } from '../helpers/awsid-shell.js';
import { motoUnavailableReason, startMoto, type Moto } from '../helpers/moto.js';
import { startWorld, type World } from '../helpers/world.js';

const reason = motoUnavailableReason() ?? shellMissing('bash');
if (reason) console.warn(`skipping the awsid use + AWS CLI test: ${reason}`);

describe.skipIf(reason)('awsid use, then the AWS CLI in the same shell', () => {
  let world: World;
  let moto: Moto;
  let env: Record<string, string>;

  beforeAll(async () => {
    [world, moto] = await Promise.all([
      startWorld({
        fake: { person: { kind: 'approve', afterPolls: 0 } },
        env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'use-interop' },
        config: USE_CONFIG,
      }),
      startMoto(),
    ]);
    expect((await world.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    env = {
      ...(await envWithAwsid(world.sb)),
      AWS_SHARED_CREDENTIALS_FILE: `${world.sb.home}/.aws/none`,
      MOTO_URL: moto.url,
    };
  }, 60_000);
  afterAll(async () => {
    await world?.close();
    await moto?.close();
  });

  it('sts get-caller-identity runs with the profile awsid use switched to', async () => {
    const from = world.fake.log.length;
    const r = await runShell(
      'bash',
      [
        'eval "$(awsid init bash)"',
        'awsid use prod && awsid use sandbox-admin || exit 9',
        'aws configure list | grep -E "^ *profile"',
        'aws sts get-caller-identity --endpoint-url "$MOTO_URL" --output json',
      ].join('\n'),
      env,
      world.sb.home,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s*profile\s+sandbox-admin\s+env\b.*AWS_PROFILE/m);
    const identity = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { Account?: string };
    expect(identity.Account).toMatch(/^\d{12}$/);
    // The role asked for is sandbox-admin's, never that of another profile; prod's comes only
    // from its own background warm-up.
    const asked = world.fake.log
      .slice(from)
      .filter((e) => e.operation === 'GetRoleCredentials')
      .map((e) => `${e.query.account_id}/${e.query.role_name}`);
    expect(new Set(asked.filter((a) => a !== '222222222222/ReadOnlyAccess'))).toEqual(
      new Set(['111111111111/AdministratorAccess']),
    );
  });
});
