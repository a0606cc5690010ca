/**
 * The real AWS CLI v2 against the fake Identity Center (test/fixtures/aws-v2-at-fake.py points its
 * sso and sso-oidc clients at the fake of their region), then the doctor, online, on the same
 * HOME: the failures that need an answer from the server. Each fake knows only the tokens and
 * registrations it issued, as each Identity Center region does; the doctor's sso-oidc client gets
 * the same region -> fake map.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startFakeIdc } from '../../../test/fake-idc/index.js';
import { login, sdkFor, START_URL } from '../../../test/fake-idc/sdk-helpers.js';
import type { FakeIdc } from '../../../test/fake-idc/types.js';
import {
  cacheName,
  cliTokenBody,
  createDoctorSandbox,
  HOUR,
  only,
  stamp,
  type DoctorSandbox,
} from '../../../test/fixtures/doctor/sandbox.js';
import { awsV2AtFake, awsV2Missing } from '../../../test/helpers/aws-v2.js';
import { createOidcApi } from '../../sso/oidc-client.js';
import type { CheckResult } from '../types.js';

/** The fix for an AWS CLI token that cannot be used: switch to awsid, the AWS CLI's own login second. */
const ADOPT_FIX =
  "awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)";

const skip = await awsV2Missing();
if (skip) console.warn(`skipping the AWS CLI v2 refresh interop tests: ${skip}`);

/** The config's region, and the region a token is issued in when the config was changed since. */
const HERE = 'eu-west-1';
const ELSEWHERE = 'us-east-1';
const fakes: Record<string, FakeIdc> = {};
const urls = (): Record<string, string> =>
  Object.fromEntries(Object.entries(fakes).map(([r, f]) => [r, f.url]));

beforeAll(async () => {
  fakes[HERE] = await startFakeIdc({ region: HERE });
  fakes[ELSEWHERE] = await startFakeIdc({ region: ELSEWHERE });
});
afterAll(async () => {
  for (const f of Object.values(fakes)) await f.close();
});

let sb: DoctorSandbox;
beforeEach(async () => {
  sb = await createDoctorSandbox();
  // The AWS CLI and the fakes run on the real clock; so does the doctor here.
  sb.clock.advance(Date.now() - sb.clock.now());
});
afterEach(() => sb.close());

const CONFIG = `[sso-session corp]
sso_start_url = ${START_URL}
sso_region = ${HERE}
sso_registration_scopes = sso:account:access
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
`;
const CACHE_FILE = `~/.aws/sso/cache/${cacheName('corp')}`;

/** A device login at the fake of `region`, written as `aws sso login` writes it; `expired`: 1 h ago. */
async function seed(region: string, expired: boolean) {
  const fake = fakes[region]!;
  const sdk = sdkFor(fake);
  try {
    const { client, token } = await login(sdk);
    const now = Date.now();
    await sb.config(CONFIG);
    await sb.cliCache(
      'corp',
      cliTokenBody({
        startUrl: START_URL,
        region,
        accessToken: token.accessToken,
        expiresAt: stamp(expired ? now - HOUR : now + HOUR),
        ...client,
        registrationExpiresAt: stamp(now + 30 * 24 * HOUR),
        refreshToken: token.refreshToken,
      }),
    );
    return token.refreshToken!;
  } finally {
    sdk.destroy();
  }
}

const exportCredentials = () =>
  awsV2AtFake(sb.home, urls(), ['configure', 'export-credentials', '--profile', 'dev']);

/** The doctor as `awsid doctor` runs it without --offline, its sso-oidc client per region. */
function doctor(): Promise<CheckResult[]> {
  return sb.results(
    { offline: false },
    {
      oidcFor: (region) => {
        const url = urls()[region];
        if (!url) throw new Error(`no fake Identity Center for ${region}`);
        return createOidcApi(region, { AWS_ENDPOINT_URL_SSO_OIDC: url }, () => sb.clock.now());
      },
    },
  );
}

/** Where each fake's log stands now. */
const mark = () => Object.fromEntries(Object.entries(fakes).map(([r, f]) => [r, f.log.length]));
/** What the fake of `region` was asked since `m`, as `METHOD /path status shape` lines. */
const asked = (region: string, m: Record<string, number>) =>
  fakes[region]!.log.slice(m[region]).map(
    (e) => `${e.method} ${e.path} ${e.status}${e.errorShape ? ` ${e.errorShape}` : ''}`,
  );

const REFRESH_FAILED = 'Error when retrieving token from sso: Token has expired and refresh failed';

describe.skipIf(skip)('the AWS CLI v2 and the doctor agree on what Identity Center says', () => {
  it('a registration Identity Center refuses: the refresh fails, the doctor names the refusal', async () => {
    await seed(HERE, true);
    fakes[HERE]!.expireRegistrations();
    const cli = await exportCredentials();
    expect(cli).toMatchObject({ code: 255, stdout: '' });
    expect(cli.stderr.trim()).toBe(REFRESH_FAILED);

    const [r] = only(await doctor(), 'token-expired');
    expect(r).toMatchObject({
      status: 'fail',
      subject: 'sso-session corp',
      fix: ADOPT_FIX,
    });
    expect(r?.message).toContain(`the AWS CLI token for sso-session corp (${CACHE_FILE}) expired`);
    expect(r?.message).toContain(
      'cannot be refreshed: Identity Center refused its client registration (InvalidClientException',
    );
    const quoted = /profile dev fails with "([^"]+)"/.exec(r?.message ?? '')?.[1];
    expect(quoted).toBe('Token has expired and refresh failed');
    expect(cli.stderr).toContain(quoted);
  });

  it('a token from another region, still valid: the portal there refuses it; the doctor offers both fixes', async () => {
    await seed(ELSEWHERE, false);
    const m = mark();
    const cli = await exportCredentials();
    expect(cli).toMatchObject({ code: 255, stdout: '' });
    expect(cli.stderr.trim()).toBe(
      'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
    );

    const results = await doctor();
    expect(only(results, 'sso-region-mismatch')).toEqual([
      {
        id: 'sso-region-mismatch',
        status: 'fail',
        subject: 'sso-session corp',
        message: `the AWS CLI token (${CACHE_FILE}) was issued in ${ELSEWHERE}, but [sso-session corp] now says ${HERE}: refresh and role credentials are asked of the wrong region, which refuses them: the AWS CLI fails with "The SSO session associated with this profile has expired or is otherwise invalid" (once the access token expired: "Token has expired and refresh failed")`,
        fix: `set "sso_region = ${ELSEWHERE}" back in [sso-session corp] (line 3 of ~/.aws/config) (the Identity Center is in ${ELSEWHERE}, where the token was issued); or, if ${HERE} is right, log in again: aws sso login --sso-session corp`,
      },
    ]);
    // The portal of the config's region was asked, and refused the token it never issued.
    expect(asked(HERE, m)).toEqual(['GET /federation/credentials 401 UnauthorizedException']);
    expect(asked(ELSEWHERE, m)).toEqual([]);
  });

  it('a token from another region, expired: the refresh there fails, and so does the doctor', async () => {
    await seed(ELSEWHERE, true);
    const m = mark();
    const cli = await exportCredentials();
    expect(cli.stderr.trim()).toBe(REFRESH_FAILED);

    const results = await doctor();
    expect(only(results, 'sso-region-mismatch')).toMatchObject([
      { status: 'fail', fix: expect.stringContaining(`set "sso_region = ${ELSEWHERE}" back in`) },
    ]);
    const [r] = only(results, 'token-expired');
    expect(r).toMatchObject({ status: 'fail', fix: ADOPT_FIX });
    expect(r?.message).toContain('Identity Center refused its client registration');
    // Both asked the fake of the config's region, which never issued this registration.
    expect(asked(HERE, m)).toEqual([
      'POST /token 401 InvalidClientException',
      'POST /token 401 InvalidClientException',
    ]);
    expect(asked(ELSEWHERE, m)).toEqual([]);
  });

  it('an expired, refreshable token: the doctor says ok without spending it, and the CLI refreshes after it', async () => {
    const seeded = await seed(HERE, true);
    const m = mark();
    const [before] = only(await doctor(), 'token-expired');
    expect(before).toMatchObject({ status: 'ok', subject: 'sso-session corp' });
    expect(before?.message).toContain('Identity Center accepts its client registration');
    expect(before?.message).toContain(
      "not checked: only a refresh shows that, and it would spend the AWS CLI's refresh token",
    );

    const cli = await exportCredentials();
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(cli.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.any(String) });
    // The doctor's probe was refused as a grant; the CLI's refresh, with the refresh token the
    // doctor left unspent, succeeded (the fake refuses a spent one) and the CLI wrote its cache.
    expect(asked(HERE, m)).toEqual([
      'POST /token 400 InvalidGrantException',
      'POST /token 200',
      'GET /federation/credentials 200',
    ]);
    const cache = JSON.parse(
      await readFile(join(sb.paths.awsSsoCacheDir, cacheName('corp')), 'utf8'),
    ) as Record<string, unknown>;
    expect(cache.refreshToken).toEqual(expect.any(String));
    expect(cache.refreshToken).not.toBe(seeded);
    expect(Date.parse(cache.expiresAt as string)).toBeGreaterThan(Date.now());

    // Everything but sso and sso-oidc meets the closed proxy: STS is never reached.
    const sts = await awsV2AtFake(sb.home, urls(), [
      'sts',
      'get-caller-identity',
      '--profile',
      'dev',
    ]);
    expect(sts.stderr.trim()).toBe('Failed to connect to proxy URL: "http://127.0.0.1:9"');

    const after = only(await doctor(), 'token-missing');
    expect(after).toMatchObject([{ status: 'ok', subject: 'sso-session corp' }]);
    expect(after[0]?.message).toMatch(
      /^the AWS CLI token for sso-session corp is valid until .* and refreshable$/,
    );
  });

  // Last: it ends every session of the fake.
  it('a sign-in ended server-side: the CLI fails, and the doctor says what it did not check', async () => {
    await seed(HERE, true);
    fakes[HERE]!.endSession();
    const m = mark();
    const cli = await exportCredentials();
    expect(cli.stderr.trim()).toBe(REFRESH_FAILED);

    const [r] = only(await doctor(), 'token-expired');
    // Only a refresh would tell, and it would spend the CLI's refresh token had it been live.
    expect(r).toMatchObject({ status: 'ok' });
    expect(r?.message).toContain('unless the sign-in itself has ended (not checked:');
    expect(asked(HERE, m)).toEqual([
      'POST /token 400 InvalidGrantException',
      'POST /token 400 InvalidGrantException',
    ]);
  });
});
