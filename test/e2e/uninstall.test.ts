/**
 * `awsid uninstall` after setup, populate, adopt and login: the config comes back byte for byte
 * (adoptions undone, generated profiles gone), the sessions are logged out and the state directory
 * is gone; `--dry-run` prints what it would do and touches nothing; `--keep-profiles` keeps the
 * generated profiles. The built CLI, the fake Identity Center, the passphrase store.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { SESSION_CONFIG } from '../helpers/adopt-configs.js';
import { startWorld, type World } from '../helpers/world.js';

describe('awsid uninstall', () => {
  let w: World;
  afterEach(async () => w?.close());

  async function installed(): Promise<string> {
    w = await startWorld({
      config: SESSION_CONFIG,
      fake: { person: { kind: 'approve', afterPolls: 0 } },
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'uninstall-passphrase' },
    });
    const stateDir = join(w.sb.home, '.local', 'state', 'awsid');
    for (const args of [
      ['setup', '--sso-session', 'corp', '--no-browser'],
      ['populate', '--sso-session', 'corp', '--process-flags=--auto-login'],
      ['adopt', '--all'],
    ]) {
      const r = await w.sb.run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const text = await readFile(w.sb.configFile, 'utf8');
    expect(text).toContain('awsid_generated = corp');
    expect(text).toContain('# awsid adopt: sso_session = corp');
    expect(existsSync(stateDir)).toBe(true);
    return stateDir;
  }

  it('--dry-run says what it would do and touches nothing; then the config is back byte for byte and no state is left', async () => {
    const stateDir = await installed();
    const before = await readFile(w.sb.configFile, 'utf8');
    const dry = await w.sb.run(['uninstall', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('-awsid_generated = corp');
    expect(dry.stderr).toContain('~/.aws/config: adoption would be undone for dev, prod');
    expect(dry.stderr).toContain('would log out of corp');
    expect(dry.stderr).toContain(`would remove ${stateDir}`);
    expect(await readFile(w.sb.configFile, 'utf8')).toBe(before);
    expect(existsSync(stateDir)).toBe(true);

    const r = await w.sb.run(['uninstall']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Logged out of sso-session 'corp'");
    expect(r.stderr).toContain(`removed ${stateDir}`);
    expect(r.stderr).toContain('now run: npm uninstall -g awsid');
    expect(await readFile(w.sb.configFile, 'utf8')).toBe(SESSION_CONFIG);
    expect(existsSync(stateDir)).toBe(false);
  });

  it('--keep-profiles keeps the generated profiles and still undoes the adoptions', async () => {
    await installed();
    const r = await w.sb.run(['uninstall', '--keep-profiles']);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(w.sb.configFile, 'utf8');
    expect(text).toContain('awsid_generated = corp');
    expect(text).not.toContain('# awsid adopt:');
    // The generated profiles (at the end) and the option they were written with stay; every line
    // the user wrote is back as it was.
    expect(text.slice(0, text.indexOf('\n# awsid populate: sso-session corp\n'))).toBe(
      SESSION_CONFIG.replace(
        'sso_registration_scopes = sso:account:access\n',
        '$&awsid_process_flags = --auto-login\n',
      ),
    );
  });
});
