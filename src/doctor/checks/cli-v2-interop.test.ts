/**
 * The real AWS CLI v2 (Debian's awscli at /usr/bin/aws; the v1 first on PATH is not it) on the
 * same HOME as the doctor, for the set-ups it refuses before any network call: its exact error
 * must be the one the doctor names, on the line the doctor cites.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  cliTokenBody,
  createDoctorSandbox,
  HOUR,
  NOW,
  only,
  stamp,
  type DoctorSandbox,
} from '../../../test/fixtures/doctor/sandbox.js';

const AWS_V2 = '/usr/bin/aws';

async function v2Missing(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(AWS_V2, ['--version'], { timeout: 30_000 });
    return stdout.startsWith('aws-cli/2.')
      ? undefined
      : `${AWS_V2} is not the AWS CLI v2: ${stdout.trim()}`;
  } catch (e) {
    return `no AWS CLI v2 at ${AWS_V2} (${(e as Error).message.split('\n')[0]})`;
  }
}
const skip = await v2Missing();
if (skip) console.warn(`skipping the AWS CLI v2 interop tests: ${skip}`);

let sb: DoctorSandbox;
beforeEach(async () => {
  sb = await createDoctorSandbox();
});
afterEach(() => sb.close());

/** The CLI's error line for `sts get-caller-identity --profile`; it must fail before any request. */
async function cliError(profile: string): Promise<string> {
  const env = {
    HOME: sb.home,
    PATH: '/usr/bin:/bin',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    // Only set-ups refused before any request are tested; should one still try the network, it
    // goes to a closed loopback port, never to AWS (2.9 ignores AWS_ENDPOINT_URL).
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
  };
  const r = await promisify(execFile)(
    AWS_V2,
    ['sts', 'get-caller-identity', '--profile', profile],
    { env, timeout: 60_000 },
  ).then(
    () => ({ stderr: '' }),
    (e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }),
  );
  return r.stderr.trim();
}

const SESSION = `[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
`;
const CLI_PROFILE =
  '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n';
const LONG_AGO = NOW - 3 * 365 * 24 * HOUR;

describe.skipIf(skip)('the AWS CLI v2 and the doctor name the same failure', () => {
  it('no token file: "Error loading SSO Token"', async () => {
    await sb.config(SESSION + CLI_PROFILE);
    const cli = await cliError('dev');
    expect(cli).toContain('Error loading SSO Token: Token for corp does not exist');
    const [r] = only(await sb.results(), 'token-missing');
    expect(r).toMatchObject({
      status: 'fail',
      fix: "awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
    });
    expect(r?.message).toContain('"Error loading SSO Token: Token for corp does not exist"');
  });

  it('an expired token without a refresh token: "Token has expired and refresh failed"', async () => {
    await sb.config(SESSION + CLI_PROFILE);
    await sb.cliCache(
      'corp',
      cliTokenBody({ expiresAt: stamp(LONG_AGO), refreshToken: undefined }),
    );
    expect(await cliError('dev')).toContain('Token has expired and refresh failed');
    const [r] = only(await sb.results(), 'token-expired');
    expect(r).toMatchObject({
      status: 'fail',
      fix: "awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
    });
    expect(r?.message).toContain('"Token has expired and refresh failed"');
  });

  it("a profile's sso_region against its session's: the CLI's inconsistency, the key's line", async () => {
    await sb.config(
      `${SESSION}[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_region = us-east-1\nsso_role_name = Admin\n`,
    );
    const expected =
      'The value for sso_region is inconsistent between profile (us-east-1) and sso-session (eu-west-1).';
    expect(await cliError('dev')).toBe(expected);
    const [r] = only(await sb.results(), 'sso-region-mismatch');
    expect(r).toMatchObject({
      status: 'fail',
      subject: 'profile dev',
      fix: 'remove sso_region from [profile dev] (line 8 of ~/.aws/config); the sso-session holds it',
    });
    expect(r?.message).toContain(`"${expected}"`);
  });
});
