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

describe('your edits survive populate; --process-flags writes flags into generated lines', () => {
  let w: World;
  const text = () => readFile(w.sb.configFile, 'utf8');
  const cpLines = async () =>
    [...resolveConfig(await text(), w.sb.configFile).profiles.values()].map(
      (p) => p.values.credential_process ?? '',
    );

  beforeAll(async () => {
    w = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'edits-passphrase' },
    });
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    const r = await w.sb.run(['populate', '--sso-session', 'corp']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => w?.close());

  it('a hand-added --auto-login, a hand-set region and an added key are left as they are', async () => {
    const before = await text();
    const first = /\[profile [^\]]+\]\n(?:[^[\n].*\n)*/.exec(before)![0];
    const edited = first
      .replace(/^(credential_process = .*)$/m, '$1 --auto-login')
      .replace(/^region = .*$/m, 'region = ap-south-1\noutput = json');
    await w.sb.writeConfig(before.replace(first, edited));
    const handEdited = await text();
    const dry = await w.sb.run(['populate', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe('');
    const r = await w.sb.run(['populate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(' 0 updated');
    expect(await text()).toBe(handEdited);
  });

  it('--process-flags=--auto-login writes it into every generated line once and is remembered', async () => {
    const r = await w.sb.run(['populate', '--process-flags=--auto-login']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      '--process-flags kept as awsid_process_flags in [sso-session corp] for the next populate',
    );
    const lines = await cpLines();
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.match(/ --auto-login/g)).toEqual([' --auto-login']);
    expect(await text()).toContain('region = ap-south-1\noutput = json\n');
    const after = await text();
    const plain = await w.sb.run(['populate']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(await text()).toBe(after);
  });

  it('--process-flags= forgets them and takes them out; an unknown flag is refused, nothing written', async () => {
    const bad = await w.sb.run(['populate', '--process-flags=--profile']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "awsid: --process-flags: '--profile' is not a credential-process flag populate writes (allowed: --auto-login, --no-daemon)",
    );
    const r = await w.sb.run(['populate', '--process-flags=']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('awsid_process_flags removed from [sso-session corp]');
    for (const l of await cpLines()) expect(l).not.toContain('--auto-login');
    expect(await text()).not.toContain('awsid_process_flags');
  });
});
