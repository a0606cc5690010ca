import { describe, expect, it } from 'vitest';

import { assignmentKey, planPopulate, type DesiredProfile } from '../populate/plan.js';
import { rememberProcessFlags } from '../populate/process-flags.js';
import { rememberTemplate } from '../populate/remembered-template.js';
import { planAdopt } from './plan.js';
import { planRemoval } from './remove-generated.js';

const CP = '/usr/bin/node /opt/awsid/bin/awsid.js credential-process';
const want = (name: string, accountId: string, roleName: string): DesiredProfile => ({
  name,
  accountId,
  roleName,
  entries: [
    ['awsid_generated', 'corp'],
    [
      'credential_process',
      `${CP} --sso-session=corp --account-id=${accountId} --role-name=${roleName}`,
    ],
    ['region', 'eu-west-1'],
  ],
});

const ORIGINAL = `# my config\r
[default]\r
region = eu-west-1\r
\r
[sso-session corp]\r
sso_start_url = https://d-1234567890.awsapps.com/start\r
sso_region = eu-west-1\r
\r
[profile cli]\r
sso_session = corp\r
sso_account_id = 111111111111\r
sso_role_name = Admin\r
region = us-east-1\r
`;

describe('planRemoval', () => {
  const desired = [
    want('A.Admin', '111111111111', 'Admin'),
    want('B.Read', '222222222222', 'Read'),
  ];
  const populated = () => {
    const p = planPopulate(ORIGINAL, {
      ssoSession: 'corp',
      desired,
      assigned: new Set(desired.map((d) => assignmentKey(d.accountId, d.roleName))),
      prune: false,
    });
    const t = rememberProcessFlags(rememberTemplate(p.text, 'corp', '{account_id}'), 'corp', [
      '--auto-login',
    ]);
    return planAdopt(t, {
      selection: { kind: 'all' },
      shown: '~/.aws/config',
      nodePath: '/usr/bin/node',
      binPath: '/opt/awsid/bin/awsid.js',
    }).text;
  };

  it('gives back the bytes awsid found: adoptions undone, generated profiles and remembered keys gone', () => {
    const text = populated();
    expect(text).not.toBe(ORIGINAL);
    const r = planRemoval(text, false, '~/.aws/config');
    expect(r.removed).toEqual(['A.Admin', 'B.Read']);
    expect(r.undo.restored.map((p) => p.profile)).toEqual(['cli']);
    expect(r.text).toBe(ORIGINAL);
  });

  it('--keep-profiles keeps the generated profiles, still undoes adoptions', () => {
    const r = planRemoval(populated(), true, '~/.aws/config');
    expect(r.kept).toEqual(['A.Admin', 'B.Read']);
    expect(r.text).toContain('[profile A.Admin]');
    expect(r.text).toContain('sso_session = corp\r\nsso_account_id');
  });
});
