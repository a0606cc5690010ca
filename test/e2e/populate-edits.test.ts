/**
 * populate and what the user did to the config: a role name awsid cannot write leaves that one
 * profile out with a warning (the rest written, exit 0). The built CLI, the fake Identity Center,
 * the passphrase store.
 */
import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveConfig } from '../../src/awsconfig/resolve.js';
import { startWorld, type World } from '../helpers/world.js';

const BAD = 'Bad\nRole';

describe('populate with a role name it cannot write', () => {
  let w: World;

  beforeAll(async () => {
    w = await startWorld({
      fake: {
        person: { kind: 'approve', afterPolls: 0 },
        accounts: [
          {
            accountId: '111111111111',
            accountName: 'Sandbox',
            emailAddress: 'sandbox@example.com',
            roles: ['Admin', BAD, 'ReadOnly'],
          },
        ],
      },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'edits-passphrase' },
    });
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => w?.close());

  it('skips that profile with a one-line warning naming the account and role, writes the rest', async () => {
    const r = await w.sb.run(['populate', '--sso-session', 'corp']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'awsid: warning: skipped account 111111111111, role Bad\\u{a}Role (profile Sandbox.Bad-Role): cannot write a value for "credential_process": it contains a line break\n',
    );
    expect(r.stderr).toContain('2 added');
    const cfg = resolveConfig(await readFile(w.sb.configFile, 'utf8'), w.sb.configFile);
    expect([...cfg.profiles.keys()].sort()).toEqual(['Sandbox.Admin', 'Sandbox.ReadOnly']);
  });
});
