/**
 * A `--template` given to setup or populate is remembered in the `[sso-session]`
 * (`awsid_profile_template`), so the next plain populate writes the same names instead of a
 * second set; after a change of template, `--prune` removes the profiles the old one named,
 * listing them. The built CLI, the fake Identity Center, the passphrase store.
 */
import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveConfig } from '../../src/awsconfig/resolve.js';
import { startWorld, type World } from '../helpers/world.js';

const BY_ID = '{account_id}-{role_name}';

describe('the remembered --template', () => {
  let w: World;
  const text = () => readFile(w.sb.configFile, 'utf8');
  const profiles = async () =>
    [...resolveConfig(await text(), w.sb.configFile).profiles.keys()].sort();
  const remembered = async () =>
    resolveConfig(await text(), w.sb.configFile).ssoSessions.get('corp')?.values
      .awsid_profile_template;

  beforeAll(async () => {
    w = await startWorld({
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'template-passphrase' },
    });
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => w?.close());

  it('setup --template writes the profiles and remembers it; a plain populate keeps the names', async () => {
    const setup = await w.sb.run(['setup', '--sso-session', 'corp', '--template', BY_ID]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stderr).toContain(
      '--template kept as awsid_profile_template in [sso-session corp] for the next populate',
    );
    expect(await remembered()).toBe(BY_ID);
    const first = await profiles();
    expect(first.length).toBeGreaterThan(1);
    for (const name of first) expect(name).toMatch(/^\d{12}-/);

    const before = await text();
    const plain = await w.sb.run(['populate']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('0 added, 0 updated, 0 removed');
    expect(await text()).toBe(before);
  });

  it('a new --template is remembered instead; --prune then removes the old names, listing them', async () => {
    const old = await profiles();
    const dry = await w.sb.run([
      'populate',
      '--template',
      '{account_name}.{role_name}',
      '--dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('-awsid_profile_template = {account_id}-{role_name}');
    expect(dry.stdout).toContain('+awsid_profile_template = {account_name}.{role_name}');
    expect(dry.stderr).toContain('--template would be kept as awsid_profile_template');

    const renamed = await w.sb.run(['populate', '--template', '{account_name}.{role_name}']);
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(await remembered()).toBe('{account_name}.{role_name}');
    expect(renamed.stderr).toMatch(/still assigned, now written as \S+; --prune removes it/);
    const both = await profiles();
    expect(both.length).toBe(old.length * 2);

    const pruned = await w.sb.run(['populate', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toContain('removed (the template now names them otherwise):');
    for (const name of old) expect(pruned.stderr).toContain(`  ${name} (account `);
    const now = await profiles();
    expect(now).toEqual(both.filter((n) => !old.includes(n)));
    for (const name of now) expect(name).not.toMatch(/^\d{12}-/);
  });
});
