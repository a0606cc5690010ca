/**
 * `awsid adopt` on hand-written configs through the built CLI: the dry run prints a diff and
 * writes nothing, adopting keeps every other byte (comments, unrelated profiles, CRLF), `--undo`
 * gives the file back byte for byte, typos get the closest name, and doctor points at adopt.
 */
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FAKE_URL, LEGACY_CRLF, SESSION_CONFIG } from '../helpers/adopt-configs.js';
import { startWorld, type World } from '../helpers/world.js';

/** The lines of `before` that are not `sso_*` lines appear in `after`, in order and unchanged. */
function keptInOrder(before: string, after: string): boolean {
  const want = before.split('\n').filter((l) => !/^sso_/.test(l));
  const got = after.split('\n');
  let i = 0;
  for (const l of got) if (l === want[i]) i++;
  return i === want.length;
}

/** `sso_*` key lines inside profile sections (the SDKs would take their own SSO path). */
function profileSsoKeys(text: string): string[] {
  let inProfile = false;
  const out: string[] = [];
  for (const l of text.split(/\r?\n/)) {
    if (l.startsWith('[')) inProfile = /^\[(default|profile )/.test(l);
    else if (inProfile && /^\s*sso_/.test(l)) out.push(l);
  }
  return out;
}

describe('awsid adopt, end to end', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'adopt-e2e' },
      config: SESSION_CONFIG,
    });
  });
  afterAll(async () => w?.close());
  const config = () => readFile(w.sb.configFile, 'utf8');

  it('doctor points the AWS CLI profiles at awsid adopt before anything is adopted', async () => {
    const r = await w.sb.run(['doctor', '--offline']);
    expect(r.stdout).toContain(
      "fix: awsid adopt --sso-session corp   (then awsid login --sso-session corp; or keep the AWS CLI's own SSO: aws sso login --sso-session corp)",
    );
  });

  it('--dry-run prints a unified diff and changes nothing', async () => {
    const r = await w.sb.run(['adopt', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--- ~\/\.aws\/config\n\+\+\+ ~\/\.aws\/config\n@@ /);
    expect(r.stdout).toContain('\n-sso_session = corp\n');
    expect(r.stdout).toContain('\n+# awsid adopt: sso_session = corp\n');
    expect(r.stderr).toContain('dry run: nothing written');
    expect(await config()).toBe(SESSION_CONFIG);
  });

  it('adopts every SSO profile under its own name and keeps every other line', async () => {
    await writeFile(w.sb.configFile, SESSION_CONFIG);
    await chmod(w.sb.configFile, 0o640);
    const r = await w.sb.run(['adopt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('~/.aws/config: adopted 3 profiles:\n');
    expect(r.stderr).toContain(
      '  old-prod (sso-session corp, account 222222222222, role ReadOnlyAccess)',
    );
    expect(r.stderr).toContain('to switch back: awsid adopt --undo\n');
    expect(r.stderr).toContain(
      'sso-session corp is not logged in to awsid yet; run: awsid login --sso-session corp\n',
    );
    const text = await config();
    expect(keptInOrder(SESSION_CONFIG, text)).toBe(true);
    expect(
      text.match(/^credential_process = .* credential-process --sso-session=corp /gm),
    ).toHaveLength(3);
    expect(profileSsoKeys(text)).toEqual([]);
    expect((await stat(w.sb.configFile)).mode & 0o777).toBe(0o640);
    expect(await readFile(`${w.sb.configFile}.awsid.bak`, 'utf8')).toBe(SESSION_CONFIG);
    const again = await w.sb.run(['adopt']);
    expect(again.stderr).toBe('nothing to adopt in ~/.aws/config: no AWS CLI SSO role profile\n');
  });

  it('after awsid login, credential-process --profile serves an adopted profile', async () => {
    expect((await w.sb.run(['login', '--sso-session', 'corp', '--no-browser'])).code).toBe(0);
    const r = await w.sb.run(['credential-process', '--profile', 'old-prod']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.any(String) });
  });

  it('--undo gives the file back byte for byte', async () => {
    const r = await w.sb.run(['adopt', '--undo']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('~/.aws/config: restored 3 profiles: dev, prod, old-prod\n');
    expect(await config()).toBe(SESSION_CONFIG);
    expect((await w.sb.run(['adopt', '--undo'])).stderr).toBe(
      'nothing to undo in ~/.aws/config: no profile was adopted by awsid adopt\n',
    );
  });

  it('--undo after other edits restores only the adopted profile and keeps those edits', async () => {
    await w.sb.writeConfig(SESSION_CONFIG);
    const adopt = await w.sb.run(['adopt', '--profile', 'dev']);
    expect(adopt.code).toBe(0);
    // Logged in by now (the test above): no login pointer.
    expect(adopt.stderr).not.toContain('not logged in');
    const edited = (await config()).replace('[profile keys]\n', '[profile keys]\noutput = text\n');
    await w.sb.writeConfig(edited);
    expect((await w.sb.run(['adopt', '--undo', '--profile', 'dev'])).code).toBe(0);
    expect(await config()).toBe(
      SESSION_CONFIG.replace('[profile keys]\n', '[profile keys]\noutput = text\n'),
    );
  });

  it('a CRLF file of legacy profiles gains an [sso-session], stays CRLF, and comes back exactly', async () => {
    await w.sb.writeConfig(LEGACY_CRLF);
    const r = await w.sb.run(['adopt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `added [sso-session d-fake000001] (${FAKE_URL}, us-east-1) for the profiles that had sso_start_url\n`,
    );
    const text = await config();
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((l) => l.endsWith('\r')),
    ).toBe(true);
    expect(text).toContain('[profile other]\r\nregion = us-east-1\r\n');
    expect(text).toContain('\r\n[sso-session d-fake000001]\r\n');
    expect((await w.sb.run(['adopt', '--undo'])).code).toBe(0);
    expect(await config()).toBe(LEGACY_CRLF);
  });

  it('an unknown --profile or --sso-session is one line naming the closest and the command', async () => {
    await w.sb.writeConfig(SESSION_CONFIG);
    const p = await w.sb.run(['adopt', '--profile', 'dve']);
    expect(p.code).toBe(4);
    expect(p.stderr).toBe(
      "awsid: profile 'dve' is not in ~/.aws/config; closest: dev\n  run: awsid adopt --profile dev\n",
    );
    const s = await w.sb.run(['adopt', '--sso-session', 'crop']);
    expect(s.code).toBe(4);
    expect(s.stderr).toBe(
      "awsid: sso-session 'crop' is not in ~/.aws/config; closest: corp\n  run: awsid adopt --sso-session corp\n",
    );
    expect(await config()).toBe(SESSION_CONFIG);
  });

  it('nothing to adopt is one line and exit 0', async () => {
    await w.sb.writeConfig('[profile keys]\nregion = us-east-1\n');
    const r = await w.sb.run(['adopt']);
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr: 'nothing to adopt in ~/.aws/config: no AWS CLI SSO role profile\n',
    });
  });
});
