/** Golden tests for the adopt rewrite and its undo: exact text in, exact text out. */
import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../awsconfig/resolve.js';
import { UsageError, type ConfigError } from '../core/errors.js';
import { planAdopt, type AdoptPlanOptions } from './plan.js';
import type { Selection } from './select.js';
import { planUndo } from './undo.js';

const CP = "/usr/bin/node '/opt/my awsid/bin/awsid.js' credential-process";
const opts = (selection: Selection = { kind: 'all' }): AdoptPlanOptions => ({
  selection,
  nodePath: '/usr/bin/node',
  binPath: '/opt/my awsid/bin/awsid.js',
  shown: '~/.aws/config',
});
const line = (s: string, a: string, r: string) =>
  `credential_process = ${CP} --sso-session=${s} --account-id=${a} --role-name=${r}`;

const SESSIONS = `# my AWS set-up
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev]   ; the dev account
; keep this comment
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
output = json

[profile plain]
region = us-east-1
aws_access_key_id = AKIDEXAMPLE

[profile token-only]
sso_session = corp
`;

describe('planAdopt', () => {
  it('rewrites an sso-session profile in place and touches nothing else', () => {
    const plan = planAdopt(SESSIONS, opts());
    expect(plan.adopted.map((c) => c.profile)).toEqual(['dev']);
    expect(plan.text).toBe(
      SESSIONS.replace(
        'sso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnlyAccess\n',
        `${line('corp', '111111111111', 'ReadOnlyAccess')}
# awsid adopt: sso_session = corp
# awsid adopt: sso_account_id = 111111111111
# awsid adopt: sso_role_name = ReadOnlyAccess
`,
      ),
    );
    // What both SDKs see: the process, no sso_* keys, region and output kept.
    const dev = resolveConfig(plan.text, 'x').profiles.get('dev')!;
    expect(Object.keys(dev.values).sort()).toEqual(['credential_process', 'output', 'region']);
    expect(planUndo(plan.text, { kind: 'auto' }, 'x').text).toBe(SESSIONS);
  });

  it('is idempotent: a second run finds nothing to adopt', () => {
    const once = planAdopt(SESSIONS, opts()).text;
    const twice = planAdopt(once, opts());
    expect(twice.adopted).toEqual([]);
    expect(twice.text).toBe(once);
  });

  it('gives legacy profiles one new [sso-session] per start URL, named from the URL', () => {
    const text =
      '[profile old]\r\nsso_start_url = https://acme.awsapps.com/start\r\nsso_region = us-east-1\r\n' +
      'sso_account_id = 222222222222\r\nsso_role_name = Admin\r\nregion = us-west-2\r\n\r\n' +
      '[profile old2]\r\nsso_start_url = https://acme.awsapps.com/start/\r\nsso_region = us-east-1\r\n' +
      'sso_account_id = 333333333333\r\nsso_role_name = Admin\r\n';
    const plan = planAdopt(text, opts());
    expect(plan.addedSessions.map((s) => s.name)).toEqual(['acme']);
    expect(plan.adopted.map((c) => c.ssoSession)).toEqual(['acme', 'acme']);
    expect(
      plan.text.endsWith(
        '\r\n[sso-session acme]\r\n# added by awsid adopt for profiles that had sso_start_url; awsid adopt --undo removes it\r\n' +
          'sso_start_url = https://acme.awsapps.com/start\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access\r\n',
      ),
    ).toBe(true);
    expect(plan.text.split('\n').every((l) => l === '' || l.endsWith('\r'))).toBe(true);
    const cfg = resolveConfig(plan.text, 'x');
    expect(cfg.ssoSessions.get('acme')?.startUrl).toBe('https://acme.awsapps.com/start');
    expect(cfg.profiles.get('old')?.values).toEqual({
      credential_process: line('acme', '222222222222', 'Admin').slice(
        'credential_process = '.length,
      ),
      region: 'us-west-2',
    });
    expect(planUndo(plan.text, { kind: 'auto' }, 'x').text).toBe(text);
  });

  it('reuses an existing session with the same start URL and region, and never a taken name', () => {
    const legacy = (url: string, region: string) =>
      `[profile p]\nsso_start_url = ${url}\nsso_region = ${region}\nsso_account_id = 111111111111\nsso_role_name = R\n`;
    const reuse = planAdopt(
      `${SESSIONS}\n${legacy('https://d-1234567890.awsapps.com/start#/', 'eu-west-1')}`,
      opts(),
    );
    expect(reuse.adopted.find((c) => c.profile === 'p')?.ssoSession).toBe('corp');
    expect(reuse.addedSessions).toEqual([]);
    const taken = `[sso-session d-1234567890]\nsso_start_url = https://other/start\nsso_region = eu-west-1\n\n${legacy('https://d-1234567890.awsapps.com/start', 'eu-west-1')}`;
    expect(planAdopt(taken, opts()).addedSessions.map((s) => s.name)).toEqual(['d-1234567890-2']);
  });

  it('keeps a file without a final newline that way through adopt and undo', () => {
    const text =
      '[profile old]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = Admin';
    const plan = planAdopt(text, opts());
    expect(plan.text.endsWith('sso_registration_scopes = sso:account:access')).toBe(true);
    expect(plan.text).toContain('# awsid adopt: sso_role_name = Admin\n\n[sso-session acme]');
    expect(planUndo(plan.text, { kind: 'auto' }, 'x').text).toBe(text);
  });

  it('adopts [default] and both halves of a profile written twice', () => {
    const text =
      '[default]\nsso_session = corp\nsso_account_id = 111111111111\n\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\n[default]\nsso_role_name = R\n';
    const plan = planAdopt(text, opts({ kind: 'profile', name: 'default' }));
    expect(plan.text.match(/^credential_process = /gm)).toHaveLength(2);
    const values = resolveConfig(plan.text, 'x').profiles.get('default')!.values;
    expect(Object.keys(values)).toEqual(['credential_process']);
    expect(planUndo(plan.text, { kind: 'profile', name: 'default' }, 'x').text).toBe(text);
  });

  it('skips profiles it cannot adopt and says why', () => {
    const text = `${SESSIONS}
[profile own]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = R
credential_process = /bin/mine

[profile lost]
sso_session = gone
sso_account_id = 111111111111
sso_role_name = R

[profile short]
sso_session = corp
sso_account_id = 1234
sso_role_name = R
`;
    const plan = planAdopt(text, opts());
    expect(plan.skipped).toEqual([
      { profile: 'own', ssoSession: 'corp', why: 'it has a credential_process of its own' },
      {
        profile: 'lost',
        ssoSession: 'gone',
        why: 'it names sso_session gone, which has no [sso-session gone] section',
      },
      { profile: 'short', ssoSession: 'corp', why: 'sso_account_id "1234" is not 12 digits' },
    ]);
    expect(plan.adopted.map((c) => c.profile)).toEqual(['dev']);
  });

  it('names the closest profile or session for a typo, and asks which session when several qualify', () => {
    expect(() => planAdopt(SESSIONS, opts({ kind: 'profile', name: 'dve' }))).toThrow(
      "profile 'dve' is not in ~/.aws/config; closest: dev",
    );
    try {
      planAdopt(SESSIONS, opts({ kind: 'sso-session', name: 'corpp' }));
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).hint).toBe('awsid adopt --sso-session corp');
    }
    expect(() => planAdopt(SESSIONS, opts({ kind: 'sso-session', name: 'zzzzzz' }))).toThrow(
      "sso-session 'zzzzzz' is not in ~/.aws/config; it has corp",
    );
    const two = `${SESSIONS}\n[profile old]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = Admin\n`;
    expect(() => planAdopt(two, opts({ kind: 'auto' }))).toThrow(UsageError);
    expect(
      planAdopt(two, opts({ kind: 'sso-session', name: 'acme' })).adopted.map((c) => c.profile),
    ).toEqual(['old']);
  });
});

describe('planUndo', () => {
  it('keeps edits made after adopting, elsewhere and inside the adopted profile', () => {
    const adopted = planAdopt(SESSIONS, opts()).text;
    const edited = adopted
      .replace('region = eu-west-1\noutput', 'region = eu-central-1\noutput')
      .replace('[profile plain]\n', '[profile plain]\ncli_pager =\n');
    const back = planUndo(edited, { kind: 'all' }, 'x');
    expect(back.restored.map((p) => p.profile)).toEqual(['dev']);
    expect(back.text).toBe(
      SESSIONS.replace('region = eu-west-1\noutput', 'region = eu-central-1\noutput').replace(
        '[profile plain]\n',
        '[profile plain]\ncli_pager =\n',
      ),
    );
  });

  it('keeps an added session while another adopted profile still uses it', () => {
    const text =
      '[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = Admin\n\n' +
      '[profile b]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 333333333333\nsso_role_name = Admin\n';
    const adopted = planAdopt(text, opts()).text;
    const one = planUndo(adopted, { kind: 'profile', name: 'a' }, 'x');
    expect(one.removedSessions).toEqual([]);
    expect(one.text).toContain('[sso-session acme]');
    const both = planUndo(one.text, { kind: 'auto' }, 'x');
    expect(both.removedSessions).toEqual(['acme']);
    expect(both.text).toBe(text);
  });

  it('does nothing to a file nothing was adopted in', () => {
    expect(planUndo(SESSIONS, { kind: 'auto' }, 'x')).toEqual({
      text: SESSIONS,
      restored: [],
      removedSessions: [],
    });
  });
});
