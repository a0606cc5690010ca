/** The sso-session and role most end-to-end tests use against the fake Identity Center. */

export const CORP_CONFIG = `[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`;

/** CORP_CONFIG plus `[profile dev]`: ReadOnlyAccess in the fake's Sandbox account, eu-west-1. */
export const CORP_DEV_CONFIG = `${CORP_CONFIG}
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
`;

/** `credential-process` for ReadOnlyAccess in the fake's Sandbox account. */
export const CORP_CREDENTIAL_PROCESS = [
  'credential-process',
  '--sso-session',
  'corp',
  '--account-id',
  '111111111111',
  '--role-name',
  'ReadOnlyAccess',
];
