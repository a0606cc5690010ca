import { describe, expect, it } from 'vitest';

import { ConfigError } from '../core/errors.js';
import { roleOfProfile } from './profile-role.js';
import { resolveConfig } from './resolve.js';

const role = (text: string) => () => roleOfProfile(resolveConfig(text, '/c'), 'p');

describe('roleOfProfile: account ids', () => {
  it('takes a 12-digit account id, leading zeros included', () => {
    expect(
      role(
        '[profile p]\nsso_session = s\nsso_account_id = 012345678901\nsso_role_name = R\n[sso-session s]\n',
      )(),
    ).toMatchObject({ accountId: '012345678901' });
  });

  it('refuses any other account id, naming the profile, the key and the line', () => {
    expect(
      role('[profile p]\nsso_session = s\nsso_account_id = 1234-5678-9012\nsso_role_name = R\n'),
    ).toThrow(
      "profile 'p' (line 1 of /c): sso_account_id '1234-5678-9012' is not a 12-digit AWS account id",
    );
    expect(role('[profile p]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n')).toThrow(
      ConfigError,
    );
    expect(
      role(
        '[profile p]\ncredential_process = awsid credential-process --sso-session s --account-id 123 --role-name R\n',
      ),
    ).toThrow(/the --account-id of its credential_process '123' is not a 12-digit/);
  });
});
