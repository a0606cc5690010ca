/** The sso-session and role most end-to-end tests use against the fake Identity Center. */

export const CORP_CONFIG = `[sso-session corp]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
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
