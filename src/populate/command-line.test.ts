import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../awsconfig/resolve.js';
import { roleFromProfile } from '../cli/resolve-role.js';
import { credentialProcessLine } from './command-line.js';

describe('credentialProcessLine', () => {
  it('is read back by the credential-process flag reader, paths with spaces included', () => {
    const line = credentialProcessLine('/opt/node 20/bin/node', '/opt/my tools/bin/awsid.js', {
      ssoSession: 'corp',
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    });
    expect(line).toBe(
      "'/opt/node 20/bin/node' '/opt/my tools/bin/awsid.js' credential-process --sso-session=corp --account-id=111111111111 --role-name=ReadOnlyAccess",
    );
    const cfg = resolveConfig(`[profile p]\ncredential_process = ${line}\n`, 'config');
    expect(roleFromProfile(cfg.profiles.get('p')!, 'config')).toMatchObject({
      ssoSession: 'corp',
      accountId: '111111111111',
      roleName: 'ReadOnlyAccess',
    });
  });

  it('writes a role named like an option as the value of --role-name', () => {
    for (const roleName of ['--auto-login', '-x', "it's -x"]) {
      const line = credentialProcessLine('/usr/bin/node', '/opt/awsid/bin/awsid.js', {
        ssoSession: 's',
        accountId: '111111111111',
        roleName,
      });
      const cfg = resolveConfig(`[profile p]\ncredential_process = ${line}\n`, 'config');
      expect(roleFromProfile(cfg.profiles.get('p')!, 'config').roleName).toBe(roleName);
    }
  });
});
