/** Hand-written AWS CLI configs for the `awsid adopt` end-to-end tests (fake Identity Center). */

export const FAKE_URL = 'https://d-fake000001.awsapps.com/start';

/** sso-session profiles, a legacy one sharing the session's start URL, comments, other profiles. */
export const SESSION_CONFIG = `# my AWS set-up; written by hand
[default]
region = eu-west-1

[sso-session corp]
sso_start_url = ${FAKE_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]   ; the sandbox
# read-only is enough here
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess
region = eu-west-1
output = json

[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = ReadOnlyAccess
s3 =
  max_concurrent_requests = 4

[profile old-prod]
sso_start_url = ${FAKE_URL}
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnlyAccess
region = us-west-2

[profile keys]
region = us-east-1
cli_pager =
`;

/** Only legacy profiles, in a CRLF file without a final newline: adopt adds an [sso-session]. */
export const LEGACY_CRLF = [
  '; legacy set-up',
  '[profile admin]',
  `sso_start_url = ${FAKE_URL}`,
  'sso_region = us-east-1',
  'sso_account_id = 111111111111',
  'sso_role_name = AdministratorAccess',
  'region = eu-central-1',
  '',
  '[profile other]',
  'region = us-east-1',
].join('\r\n');
