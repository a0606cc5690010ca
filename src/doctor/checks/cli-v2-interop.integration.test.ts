/**
 * The real AWS CLI v2 (Debian's awscli at /usr/bin/aws; the v1 first on PATH is not it) on the
 * same HOME as the doctor, for the set-ups it refuses before any network call: its exact error
 * must be the one the doctor names, on the line the doctor cites.
 */
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
import { awsV2, awsV2Missing } from '../../../test/helpers/aws-v2.js';

const skip = await awsV2Missing();
if (skip) console.warn(`skipping the AWS CLI v2 interop tests: ${skip}`);

let sb: DoctorSandbox;
beforeEach(async () => {
  sb = await createDoctorSandbox();
});
afterEach(() => sb.close());

/**
 * The CLI's error line for `sts get-caller-identity --profile`; it must fail before any request
 * (should one still try the network, it meets the closed proxy, never AWS).
 */
async function cliError(profile: string): Promise<string> {
  const r = await awsV2(sb.home, ['sts', 'get-caller-identity', '--profile', profile]);
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
