/**
 * What populate writes, read by the real SDKs: botocore and the JS SDK keep the marker key and
 * the account name (a hostile one, sanitised) as ordinary unknown keys and resolve the profile
 * through credential_process (no sso_* keys, so botocore does not take its SSO path;
 * docs/protocol.md, "Credential precedence").
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { fromIni } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  botocoreRead,
  botocoreUnavailable,
  jsRead,
} from '../../test/fixtures/awsconfig/sdk-readers.js';
import { shellQuote } from '../core/shell-quote.js';
import { accountNameValue } from './account-name.js';
import { planPopulate } from './plan.js';

const run = promisify(execFile);
const reason = botocoreUnavailable();
if (reason) console.warn(reason);

/** A hostile portal's account name, as populate writes it. */
const ACCOUNT_NAME = accountNameValue(
  'Sandbox\n[profile evil]\r\ncredential_process = sh -c id ;x\t#y\x1b[2J = [z]\u2028w ',
) as string;

let dir: string;
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsid gen '));
  // A stand-in for awsid in a directory with a space: prints fixed credentials.
  const script = join(dir, 'fake awsid.sh');
  await writeFile(
    script,
    '#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\nprintf \'{"Version":1,"AccessKeyId":"AKIDGENERATED","SecretAccessKey":"s"}\'\n',
  );
  await chmod(script, 0o755);
  const cp = `${shellQuote(script)} credential-process --sso-session corp --account-id 111111111111 --role-name Admin`;
  const plan = planPopulate('[default]\nregion = eu-west-1\n', {
    ssoSession: 'corp',
    desired: [
      {
        name: 'Sandbox.Admin',
        accountId: '111111111111',
        roleName: 'Admin',
        entries: [
          ['awsid_generated', 'corp'],
          ['credential_process', cp],
          ['region', 'us-east-1'],
          ['awsid_account_name', ACCOUNT_NAME],
        ],
      },
    ],
    assigned: new Set(['111111111111/Admin']),
    prune: false,
  });
  config = join(dir, 'config');
  await writeFile(config, plan.text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a generated profile as the SDKs read it', () => {
  it('the JS SDK parses the marker as a plain key and resolves credential_process', async () => {
    const parsed = await jsRead(config);
    expect(parsed['Sandbox.Admin']).toMatchObject({
      awsid_generated: 'corp',
      region: 'us-east-1',
      awsid_account_name: ACCOUNT_NAME,
    });
    expect(Object.keys(parsed)).not.toContain('evil');
    const creds = await fromIni({
      profile: 'Sandbox.Admin',
      filepath: join(dir, 'no-credentials'),
      configFilepath: config,
      ignoreCache: true,
    })();
    expect(creds.accessKeyId).toBe('AKIDGENERATED');
    expect((await readFile(join(dir, 'args'), 'utf8')).trim()).toBe(
      'credential-process --sso-session corp --account-id 111111111111 --role-name Admin',
    );
  });

  it.skipIf(reason)('botocore parses it and resolves credential_process', async () => {
    const [view] = await botocoreRead([config]);
    expect(view).toMatchObject({
      profiles: {
        'Sandbox.Admin': {
          awsid_generated: 'corp',
          region: 'us-east-1',
          awsid_account_name: ACCOUNT_NAME,
        },
      },
    });
    expect(view && 'profiles' in view && Object.keys(view.profiles)).not.toContain('evil');
    const { stdout } = await run(
      'python3',
      [
        '-c',
        'import botocore.session as s; c = s.Session(profile="Sandbox.Admin").get_credentials(); print(c.method, c.access_key)',
      ],
      {
        env: {
          ...process.env,
          AWS_CONFIG_FILE: config,
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
        },
      },
    );
    expect(stdout.trim()).toBe('custom-process AKIDGENERATED');
  });
});
