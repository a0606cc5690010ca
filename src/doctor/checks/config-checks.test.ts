import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  cliTokenBody,
  createDoctorSandbox,
  only,
  problems,
  type DoctorSandbox,
} from '../../../test/fixtures/doctor/sandbox.js';

let sb: DoctorSandbox;
beforeEach(async () => {
  sb = await createDoctorSandbox();
});
afterEach(() => sb.close());

const SESSION = `[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
`;

describe('config-syntax', () => {
  it('fails on a duplicate key with its line number, as botocore refuses the file', async () => {
    await sb.config(`${SESSION}[profile dev]\nregion = eu-west-1\nregion = us-east-1\n`);
    const [r] = only(await sb.results(), 'config-syntax');
    expect(r).toMatchObject({
      status: 'fail',
      subject: '~/.aws/config',
      message: expect.stringContaining(
        'line 7: "region" is set again in [profile dev] (first on line 6)',
      ),
      fix: 'edit line 7 of ~/.aws/config',
    });
  });

  it('warns where the JS SDK reads a line differently (inline comment)', async () => {
    await sb.config(`[profile dev]\nregion = eu-west-1 # work\n`);
    expect(only(await sb.results(), 'config-syntax')).toMatchObject([
      { status: 'warn', message: expect.stringMatching(/^line 2: inline comment/) },
    ]);
  });

  it('fails on a section written twice in ~/.aws/credentials and warns on [profile x] there', async () => {
    await sb.config(SESSION);
    await sb.credentials('[old]\naws_access_key_id = A\n[old]\n[profile x]\n');
    const rs = only(await sb.results(), 'config-syntax');
    expect(rs.map((r) => [r.status, r.message.slice(0, 40)])).toEqual([
      ['fail', 'line 3: [old] appears again (first on li'],
      ['warn', 'line 4: [profile x] in the credentials f'],
    ]);
    expect(rs[1]?.fix).toBe('rename it to [x] on line 4 of ~/.aws/credentials');
  });

  it('says when there is no config file, with the setup command', async () => {
    expect(only(await sb.results(), 'config-missing')).toEqual([
      {
        id: 'config-missing',
        status: 'warn',
        subject: '~/.aws/config',
        message: '~/.aws/config does not exist: no sso-session and no profile is configured',
        fix: 'awsid setup --sso-session NAME --start-url URL --region REGION',
      },
    ]);
  });
});

describe('sso-session-missing / sso-session-incomplete / sso-region-format', () => {
  it('names the missing session and suggests the spelling that exists', async () => {
    await sb.config(
      `${SESSION}[profile dev]\nsso_session = Corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
    );
    const [r] = only(await sb.results(), 'sso-session-missing');
    expect(r).toMatchObject({ status: 'fail', subject: 'profile dev' });
    expect(r?.message).toContain('has no [sso-session Corp]');
    expect(r?.fix).toBe(
      'spell it "corp" in [profile dev] (line 5 of ~/.aws/config); names are case-sensitive',
    );
  });

  it('fails for an awsid credential_process naming an unknown session', async () => {
    await sb.config(
      `${SESSION}[profile gen]\ncredential_process = /opt/awsid credential-process --sso-session team --account-id 1 --role-name R\n`,
    );
    const [r] = only(await sb.results(), 'sso-session-missing');
    expect(r?.message).toContain('runs awsid credential-process --sso-session team');
    expect(r?.fix).toBe('awsid setup --sso-session team --start-url URL --region REGION');
  });

  it('fails for a session without sso_region and gives the line to edit', async () => {
    await sb.config('[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\n');
    expect(only(await sb.results(), 'sso-session-incomplete')).toMatchObject([
      {
        status: 'fail',
        subject: 'sso-session corp',
        fix: 'add "sso_region = REGION" to [sso-session corp] (line 1 of ~/.aws/config)',
      },
    ]);
  });

  it('fails for a region that is not a region name', async () => {
    await sb.config(
      '[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu_west_1\n',
    );
    expect(problems(await sb.results())).toContain('sso-region-format fail sso-session corp');
  });

  it('--sso-session naming no section fails', async () => {
    await sb.config(SESSION);
    const rs = await sb.results({ ssoSession: 'nope' });
    expect(only(rs, 'sso-session-missing')).toMatchObject([
      { status: 'fail', subject: 'sso-session nope' },
    ]);
  });
});

describe('sso-region-mismatch', () => {
  it('fails when the start URL names another region, and gives the region to set', async () => {
    await sb.config(
      '[sso-session corp]\nsso_start_url = https://ssoins-1.portal.eu-central-1.app.aws/\nsso_region = us-east-1\n',
    );
    const rs = only(await sb.results(), 'sso-region-mismatch');
    expect(rs).toEqual([
      {
        id: 'sso-region-mismatch',
        status: 'fail',
        subject: 'sso-session corp',
        message: expect.stringContaining(
          'is a portal in eu-central-1, but sso_region is us-east-1',
        ),
        fix: 'set "sso_region = eu-central-1" in [sso-session corp] (line 1 of ~/.aws/config)',
      },
    ]);
  });

  it("fails when a profile's sso_region contradicts its session (botocore refuses it), citing the key's line", async () => {
    await sb.config(
      `${SESSION}[profile dev]\nsso_session = corp\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
    );
    const [r] = only(await sb.results(), 'sso-region-mismatch');
    expect(r).toMatchObject({
      status: 'fail',
      subject: 'profile dev',
      fix: 'remove sso_region from [profile dev] (line 7 of ~/.aws/config); the sso-session holds it',
    });
    expect(r?.message).toContain('The value for sso_region is inconsistent');
  });

  it('fails when two sessions share a start URL with different regions', async () => {
    await sb.config(
      `${SESSION}[sso-session other]\nsso_start_url = https://d-1234567890.awsapps.com/start/#/\nsso_region = us-east-1\n`,
    );
    const rs = only(await sb.results(), 'sso-region-mismatch');
    expect(rs.map((r) => r.subject)).toEqual(['sso-session corp', 'sso-session other']);
    expect(rs[0]?.message).toContain('use the same start URL with different regions');
  });

  it('fails when the AWS CLI token was issued in another region than configured, and offers setting sso_region back', async () => {
    await sb.config(
      `${SESSION}[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
    );
    await sb.cliCache('corp', cliTokenBody({ region: 'us-west-2' }));
    expect(only(await sb.results(), 'sso-region-mismatch')).toMatchObject([
      {
        status: 'fail',
        subject: 'sso-session corp',
        message: expect.stringContaining(
          'was issued in us-west-2, but [sso-session corp] now says eu-west-1',
        ),
        fix: 'set "sso_region = us-west-2" back in [sso-session corp] (line 3 of ~/.aws/config) (the Identity Center is in us-west-2, where the token was issued); or, if eu-west-1 is right, log in again: aws sso login --sso-session corp',
      },
    ]);
  });

  it('a token issued in a region the start URL does not name: only "log in again"', async () => {
    const url = 'https://ssoins-1.portal.eu-west-1.app.aws/';
    await sb.config(
      `[sso-session corp]\nsso_start_url = ${url}\nsso_region = eu-west-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
    );
    await sb.cliCache('corp', cliTokenBody({ region: 'us-west-2', startUrl: url }));
    expect(only(await sb.results(), 'sso-region-mismatch')).toMatchObject([
      { status: 'fail', fix: 'aws sso login --sso-session corp' },
    ]);
  });

  it("fails for a legacy profile whose sso_region differs from its token's, and migrates to the token's region", async () => {
    const url = 'https://d-1234567890.awsapps.com/start';
    await sb.config(
      `[profile old]\nsso_start_url = ${url}\nsso_account_id = 111122223333\nsso_region = us-east-1\nsso_role_name = Admin\n`,
    );
    await sb.cliCache(url, cliTokenBody({ region: 'eu-west-1' }));
    const rs = await sb.results();
    expect(only(rs, 'sso-region-mismatch')).toMatchObject([
      {
        status: 'fail',
        subject: 'profile old',
        message: expect.stringContaining(
          'was issued in eu-west-1, but [profile old] now says us-east-1',
        ),
        fix: 'set "sso_region = eu-west-1" back in [profile old] (line 4 of ~/.aws/config) (the Identity Center is in eu-west-1, where the token was issued); or, if us-east-1 is right, log in again: aws sso login --profile old',
      },
    ]);
    expect(only(rs, 'legacy-sso-profile')[0]?.fix).toContain('\nsso_region = eu-west-1\n');
  });
});

describe('start-url-format', () => {
  it('warns on a trailing "#/" and fails on http, each with the URL to write', async () => {
    await sb.config(
      '[sso-session a]\nsso_start_url = https://d-1.awsapps.com/start/#/\nsso_region = eu-west-1\n' +
        '[sso-session b]\nsso_start_url = http://d-2.awsapps.com/start\nsso_region = eu-west-1\n',
    );
    const rs = only(await sb.results(), 'start-url-format');
    expect(rs.map((r) => [r.status, r.subject, r.fix])).toEqual([
      [
        'warn',
        'sso-session a',
        'set "sso_start_url = https://d-1.awsapps.com/start" in [sso-session a] (line 1 of ~/.aws/config)',
      ],
      [
        'fail',
        'sso-session b',
        'set "sso_start_url = https://d-2.awsapps.com/start" in [sso-session b] (line 4 of ~/.aws/config)',
      ],
    ]);
  });
});

describe('profiles', () => {
  it('legacy-sso-profile: warns, and the fix shows the sso-session form', async () => {
    await sb.config(
      '[profile old]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n',
    );
    const [r] = only(await sb.results(), 'legacy-sso-profile');
    expect(r?.status).toBe('warn');
    expect(r?.fix).toBe(
      [
        'in [profile old] (line 1 of ~/.aws/config), replace sso_start_url and sso_region with:',
        'sso_session = d-1234567890',
        'and add this section:',
        '[sso-session d-1234567890]',
        'sso_start_url = https://d-1234567890.awsapps.com/start',
        'sso_region = eu-west-1',
        'sso_registration_scopes = sso:account:access',
      ].join('\n'),
    );
  });

  it('legacy-sso-profile: reuses a session that already has the start URL', async () => {
    await sb.config(
      `${SESSION}[profile old]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
    );
    expect(only(await sb.results(), 'legacy-sso-profile')[0]?.fix).toBe(
      'in [profile old] (line 5 of ~/.aws/config), replace sso_start_url and sso_region with:\nsso_session = corp',
    );
  });

  it('sso-and-process-mixed: fails when botocore takes SSO and the JS SDK the process', async () => {
    await sb.config(
      `${SESSION}[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\ncredential_process = /usr/bin/true\n`,
    );
    const [r] = only(await sb.results(), 'sso-and-process-mixed');
    expect(r).toMatchObject({ status: 'fail', subject: 'profile dev' });
    expect(r?.fix).toBe(
      'keep one of them: remove credential_process or sso_session, sso_account_id, sso_role_name from [profile dev] (line 5 of ~/.aws/config)',
    );
  });

  it('sso-profile-incomplete: a role without an account', async () => {
    await sb.config(`${SESSION}[profile dev]\nsso_session = corp\nsso_role_name = Admin\n`);
    expect(problems(await sb.results())).toContain('sso-profile-incomplete fail profile dev');
  });

  it('credentials-file-shadows: a same-named section in ~/.aws/credentials', async () => {
    await sb.config(
      `${SESSION}[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
    );
    await sb.credentials('[dev]\naws_access_key_id = AKIAOLD\n');
    expect(only(await sb.results(), 'credentials-file-shadows')).toMatchObject([
      { status: 'warn', subject: 'profile dev', fix: 'remove [dev] from ~/.aws/credentials' },
    ]);
  });

  it('--profile naming no profile fails and lists the ones there are', async () => {
    await sb.config(`${SESSION}[profile dev]\nregion = eu-west-1\n`);
    expect(only(await sb.results({ profile: 'prod' }), 'profile-not-found')).toMatchObject([
      { status: 'fail', message: 'there is no profile prod in ~/.aws/config (profiles: dev)' },
    ]);
  });

  it('--profile limits per-profile results to that profile', async () => {
    await sb.config(
      `${SESSION}[profile a]\nsso_session = corp\nsso_role_name = Admin\n[profile b]\nsso_session = corp\nsso_role_name = Admin\n`,
    );
    const rs = only(await sb.results({ profile: 'b' }), 'sso-profile-incomplete');
    expect(rs.map((r) => r.subject)).toEqual(['profile b']);
  });
});
