/**
 * Strings from Identity Center reach a terminal: the verification URI and user code `awsid login`
 * shows, and error text from a broken answer. A hostile or broken server must not be able to
 * send escape sequences (here OSC 0, which sets the window title) through them.
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { FakeIdcOptions } from '../fake-idc/index.js';
import { CORP_CREDENTIAL_PROCESS as CP } from '../helpers/corp.js';
import { startWorld, type World } from '../helpers/world.js';

const EVIL = '\u001b]0;owned\u0007';
const STORE = { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'terminal-safe' };
const LOGIN = ['login', '--sso-session', 'corp', '--no-browser'];

describe('server text on the terminal', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });
  const world = async (fake: FakeIdcOptions = {}) => (w = await startWorld({ env: STORE, fake }));

  it('login shows the verification URI and user code without their control characters', async () => {
    const { sb } = await world({
      deviceAuthorizationOverride: {
        verificationUri: `https://device.sso.us-east-1.amazonaws.com/${EVIL}`,
        verificationUriComplete: `https://device.sso.us-east-1.amazonaws.com/?user_code=${EVIL}`,
        userCode: `ABCD-${EVIL}`,
      },
    });
    const r = await sb.run(LOGIN);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ABCD-\\u{1b}]0;owned\\u{7}');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('\u0007');
  });

  it('login: an unparsable OIDC answer is reported without its control characters', async () => {
    const { sb, fake } = await world();
    fake.failNext('StartDeviceAuthorization', { shape: 'garbage', body: `${EVIL} not JSON` });
    const r = await sb.run(LOGIN);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^awsid: /m);
    expect(r.stderr).not.toContain('\u001b');
  });

  it('credential-process: an unparsable portal answer is reported without its control characters', async () => {
    const { sb, fake } = await world();
    expect((await sb.run(LOGIN)).code).toBe(0);
    // Every attempt (the first and the SDK's 2 retries) gets the same answer.
    const body = `${EVIL}<html>`;
    fake.failNext('GetRoleCredentials', { shape: 'garbage', status: 500, body, count: 3 });
    const r = await sb.run([...CP, '--no-daemon']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^awsid: /m);
    expect(r.stderr).not.toContain('\u001b');
  });

  it('names and values from the config reach the terminal without their control characters', async () => {
    // Another user's or a tool's config text: a window-title escape in every name and value.
    const config = `[sso-session corp${EVIL}]
sso_start_url = https://d-fake000001.awsapps.com/start${EVIL}
sso_region = us-east-1${EVIL}

[profile dev${EVIL}]
sso_session = corp${EVIL}
sso_account_id = 111111111111${EVIL}
sso_role_name = Read${EVIL}
region = eu-west-1${EVIL}

[profile p2]
credential_process = awsid credential-process --sso-session corp${EVIL} --account-id 111111111111 --role-name R${EVIL}
region = eu-west-1${EVIL}
`;
    w = await startWorld({ env: STORE, config });
    const session = `corp${EVIL}`;
    const runs: string[][] = [
      ['doctor', '--offline'],
      ['status'],
      [
        'credential-process',
        '--sso-session',
        session,
        '--account-id',
        '111111111111',
        '--role-name',
        'R',
      ],
      ['credential-process', '--profile', `dev${EVIL}`],
      ['exec', '--profile', 'p2', '--', 'true'],
      ['access', '--sso-session', session],
      ['populate', '--sso-session', session, '--dry-run'],
      ['logout', '--sso-session', session],
    ];
    for (const args of runs) {
      const r = await w.sb.run(args);
      const shown = `${r.stdout}${r.stderr}`;
      expect(shown, args.join(' ')).toMatch(/\\u\{1b\}/);
      expect(shown, args.join(' ')).not.toMatch(/[\u001b\u0007]/);
    }
  });
});
