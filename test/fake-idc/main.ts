/**
 * `npm run fake-idc [-- --port 8123] [--interactive] [--accounts 1000x3]`
 * A local fake IAM Identity Center for demos. Prints the env exports and a config snippet;
 * never prints a secret. Stops on Ctrl-C.
 */
import { parseArgs } from 'node:util';

import { generateAccounts, startFakeIdc } from './index.js';
import type { FakeIdcOptions } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    interactive: { type: 'boolean', default: false },
    accounts: { type: 'string' },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fake-idc: bad port ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const options: FakeIdcOptions = {
  port,
  // A person trying the API by hand may send anything; nothing here is a test.
  allowUnexpected: true,
  // Interactive: nobody approves until you open the approval page the log prints.
  person: values.interactive ? { kind: 'never' } : { kind: 'approve', afterPolls: 2 },
  onDeviceAuthorization: (auth) => {
    if (values.interactive)
      console.error(`fake-idc: approve ${auth.userCode} at ${auth.approvalUrl}`);
  },
  // The log holds only operation names, paths and non-secret query values.
  onRequest: (e) =>
    console.error(
      `fake-idc: ${e.method} ${e.path} -> ${e.status} ${e.operation}${e.errorShape ? ` ${e.errorShape}` : ''}`,
    ),
};
if (values.accounts) {
  const m = /^(\d+)x(\d+)$/.exec(values.accounts);
  if (!m) {
    console.error('fake-idc: --accounts wants NxM, e.g. 1000x3');
    process.exit(2);
  }
  options.accounts = generateAccounts(Number(m[1]), Number(m[2]));
}

const fake = await startFakeIdc(options);
console.log(`fake IAM Identity Center listening on ${fake.url}
${values.interactive ? 'Each login prints an approval URL here.' : 'The fake person approves each login after 2 polls.'}

In the shell that runs awsid:
  export AWS_ENDPOINT_URL_SSO_OIDC=${fake.url}
  export AWS_ENDPOINT_URL_SSO=${fake.url}

In ~/.aws/config (or the file AWS_CONFIG_FILE names):
  [sso-session demo]
  sso_start_url = https://d-fake000001.awsapps.com/start
  sso_region = us-east-1
  sso_registration_scopes = sso:account:access

  [profile demo-sandbox]
  sso_session = demo
  sso_account_id = 111111111111
  sso_role_name = ReadOnlyAccess
  region = us-east-1

Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
