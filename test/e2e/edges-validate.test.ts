/**
 * Account ids and regions are checked before any request: a malformed account id (flag or
 * profile) is refused with its one line and nothing reaches Identity Center, on the bundled fast
 * path too; a region-shaped name the installed SDK does not list is a warning and is used. The
 * built CLI, the fake Identity Center (its request log), the passphrase store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CORP_CONFIG } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const CONFIG = `${CORP_CONFIG}
[profile typo]
sso_session = corp
sso_account_id = 1111-1111-1111
sso_role_name = ReadOnlyAccess
`;

const WARNING = (flag: string) =>
  `awsid: warning: ${flag} 'eu-west-9' is not a region this AWS SDK knows (a new region, or a typo?); using it as given\n`;

describe('account ids and regions are checked before any request', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: {
        AWSID_SECRET_STORE: 'passphrase',
        AWSID_PASSPHRASE: 'validate-passphrase',
        AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:9',
      },
      config: CONFIG,
    });
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    // A warm daemon: credential-process goes through the bundled fast path first.
    expect((await w.sb.run(['daemon', 'start'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => w?.close());

  const flags = ['--sso-session', 'corp', '--account-id', '11111111111', '--role-name', 'R'];

  it.each([
    ['credential-process', ['credential-process', ...flags]],
    ['exec', ['exec', ...flags, '--', 'true']],
    ['env', ['env', ...flags]],
    ['console', ['console', ...flags, '--url']],
  ])('%s refuses a flag that is not 12 digits, asking nothing', async (_cmd, args) => {
    const from = w.fake.log.length;
    const r = await w.sb.run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--account-id '11111111111' is not a 12-digit AWS account id");
    expect(r.stdout).toBe('');
    expect(w.fake.log.slice(from)).toEqual([]);
  });

  it.each([['credential-process'], ['exec'], ['env'], ['console']])(
    "%s refuses a profile's malformed sso_account_id, naming the line, asking nothing",
    async (cmd) => {
      const from = w.fake.log.length;
      const extra = cmd === 'exec' ? ['--', 'true'] : cmd === 'console' ? ['--url'] : [];
      const r = await w.sb.run([cmd, '--profile', 'typo', ...extra]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(
        `profile 'typo' (line 6 of ${w.sb.configFile}): sso_account_id '1111-1111-1111' is not a 12-digit AWS account id`,
      );
      expect(w.fake.log.slice(from)).toEqual([]);
    },
  );

  it('setup and populate warn about a region the SDK does not list, and use it', async () => {
    const setup = await w.sb.run([
      'setup',
      '--sso-session',
      'newregion',
      '--start-url',
      'https://d-fake000001.awsapps.com/start',
      '--region',
      'eu-west-9',
      '--no-login',
    ]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stderr).toContain(WARNING('region'));

    const populate = await w.sb.run(['populate', '--sso-session', 'corp', '--region', 'eu-west-9']);
    expect(populate.code, populate.stderr).toBe(0);
    expect(populate.stderr.startsWith(WARNING('--region'))).toBe(true);

    const known = await w.sb.run(['populate', '--sso-session', 'corp', '--region', 'eu-west-1']);
    expect(known.code).toBe(0);
    expect(known.stderr).not.toContain('warning');
  });

  it('console warns about an unknown --region before it asks for anything', async () => {
    const r = await w.sb.run([
      'console',
      '--sso-session',
      'corp',
      '--account-id',
      '111111111111',
      '--role-name',
      'ReadOnlyAccess',
      '--region',
      'eu-west-9',
      '--url',
    ]);
    // The federation endpoint here is a closed port: the warning came first, then that failure.
    expect(r.stderr.startsWith(WARNING('--region'))).toBe(true);
    expect(r.code).toBe(8);
  });
});
