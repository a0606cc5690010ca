/**
 * A session name from the config file is data, not shell: every `run:`/`fix:` line awsid prints,
 * pasted into a shell, runs exactly one awsid command with the name as one argument. The hint is
 * run through `sh -c` with a recording `awsid` first on PATH, in a directory where a leaked
 * `touch pwned` would leave a file.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWorld, type World } from '../helpers/world.js';

/** botocore and awsid skip a section name with a space, so the config uses `${IFS}` for one. */
const EVIL = 'a;touch pwned';
const EVIL_IN_CONFIG = 'b;touch${IFS}pwned;$(touch${IFS}pwned)';

const CONFIG = `[sso-session ${EVIL_IN_CONFIG}]
sso_start_url = https://d-fake000001.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile p]
credential_process = awsid credential-process --sso-session '${EVIL}' --account-id 111111111111 --role-name R

[profile q]
credential_process = awsid credential-process --sso-session '${EVIL_IN_CONFIG}' --account-id 111111111111 --role-name R
`;

describe('hints stay one command whatever the session is called', () => {
  let w: World;
  let dir: string;

  /** Runs `hint` with sh -c; returns the argv the fake awsid got, and the files left behind. */
  async function paste(hint: string): Promise<{ argv: string[]; files: string[] }> {
    const work = await mkdtemp(join(dir, 'run-'));
    const r = spawnSync('/bin/sh', ['-c', hint], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: `${dir}/bin:/usr/bin:/bin`, ARGV_LOG: join(dir, 'argv') },
    });
    expect(r.status, `${hint}\n${r.stderr}`).toBe(0);
    const argv = (await readFile(join(dir, 'argv'), 'utf8')).split('\0').slice(0, -1);
    await rm(join(dir, 'argv'));
    return { argv, files: await readdir(work) };
  }

  beforeAll(async () => {
    w = await startWorld({
      config: CONFIG,
      env: { AWSID_SECRET_STORE: 'passphrase', AWSID_PASSPHRASE: 'hints' },
    });
    dir = await mkdtemp(join(tmpdir(), 'awsid-hints-'));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'awsid'), `#!/bin/sh\nprintf '%s\\0' "$@" > "$ARGV_LOG"\n`);
    await chmod(join(bin, 'awsid'), 0o755);
  });
  afterAll(async () => {
    await w?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('credential-process: the run: part of its one-line error', async () => {
    const r = await w.sb.run([
      'credential-process',
      '--sso-session',
      EVIL,
      '--account-id',
      '111111111111',
      '--role-name',
      'R',
    ]);
    expect(r.code).toBe(3);
    const hint = /; run: (.*)$/m.exec(r.stderr)?.[1];
    expect(hint, r.stderr).toBeDefined();
    const ran = await paste(hint!);
    expect(ran).toEqual({ argv: ['login', '--sso-session', EVIL], files: [] });
  });

  it('status: the run: line under a session that is not logged in', async () => {
    const r = await w.sb.run(['status']);
    const hints = [...r.stdout.matchAll(/^\s*run: (awsid .*)$/gm)].map((m) => m[1]!);
    expect(hints, r.stderr + r.stdout).toHaveLength(1);
    const ran = await paste(hints[0]!);
    expect(ran).toEqual({ argv: ['login', '--sso-session', EVIL_IN_CONFIG], files: [] });
  });

  it('doctor: every fix: line that runs awsid', async () => {
    const r = await w.sb.run(['doctor', '--offline']);
    // A fix may end in a remark after three spaces, e.g. "   (or: awsid doctor --fix)".
    const fixes = [...r.stdout.matchAll(/^\s*fix: (awsid .*?)(?: {3}\(.*)?$/gm)].map((m) => m[1]!);
    const argvs = [];
    for (const fix of fixes) {
      const ran = await paste(fix);
      expect(ran.files, fix).toEqual([]);
      argvs.push(ran.argv);
    }
    expect(argvs, r.stdout).toContainEqual(['login', '--sso-session', EVIL_IN_CONFIG]);
    expect(argvs, r.stdout).toContainEqual(
      expect.arrayContaining(['setup', '--sso-session', EVIL]),
    );
  });
});
