import { existsSync } from 'node:fs';
import { chmod, chown, lchown, lstat, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DaemonServer } from '../daemon/server/server.js';
import { runDoctor } from './doctor.js';
import type { CheckContext } from './facts.js';
import type { Check } from './types.js';
import {
  cacheName,
  cliTokenBody,
  createDoctorSandbox,
  only,
  VERSION,
  type DoctorSandbox,
} from '../../test/fixtures/doctor/sandbox.js';
import {
  HEALTHY_CONFIG,
  healthySetup,
  startDaemon as startDaemonAt,
} from '../../test/fixtures/doctor/setups.js';

let sb: DoctorSandbox;
let daemons: DaemonServer[];
beforeEach(async () => {
  sb = await createDoctorSandbox();
  daemons = [];
});
afterEach(async () => {
  await Promise.all(daemons.map((d) => d.close()));
  await sb.close();
});

const healthy = () => healthySetup(sb, daemons);
const startDaemon = (version: string) => startDaemonAt(sb, version, daemons);

describe('--fix', () => {
  it('deletes a corrupt cache file and tightens a 0644 config, prints each action, then checks again', async () => {
    await sb.config(
      '[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n',
      0o644,
    );
    const corrupt = await sb.cliCache('corp', '{"accessToken": "aoaTRUNCATED-secret-0007');
    const r = await sb.command({ fix: true });
    expect(existsSync(corrupt)).toBe(false);
    expect((await stat(sb.paths.awsConfigFile)).mode & 0o777).toBe(0o600);
    expect(r.err).toContain(
      `fixed (cache-corrupt): delete ~/.aws/sso/cache/${cacheName('corp')}\n`,
    );
    expect(r.err).toContain('fixed (file-permissions): chmod 600 ~/.aws/config\n');
    expect(r.err).toContain('checking again...\n');
    // After the fixes, what is left needs the user: the login.
    expect(r.out).not.toMatch(/(warn|FAIL) cache-corrupt/);
    expect(r.out).not.toContain('warn file-permissions');
    expect(r.out).toContain('FAIL token-missing: no AWS CLI token for sso-session corp');
    expect(r.code).toBe(1);
  });

  it('stops a daemon of another version (daemon-version-mismatch)', async () => {
    await healthy();
    await daemons.pop()!.close();
    const old = await startDaemon('0.0.1');
    const before = only(await sb.results(), 'daemon-version-mismatch');
    expect(before).toMatchObject([
      {
        status: 'warn',
        message: expect.stringContaining(`runs awsid 0.0.1, this is ${VERSION}`),
        fix: 'awsid daemon stop   (or: awsid doctor --fix)',
      },
    ]);
    const r = await sb.command({ fix: true });
    expect(r.err).toContain(
      `fixed (daemon-version-mismatch): stop the awsid 0.0.1 daemon (pid ${old.pid})`,
    );
    expect(await old.closed).toBeTruthy();
    expect(r.out).toContain('warn daemon-not-running: not running');
    expect(r.out).toContain('fix: awsid daemon start');
  });

  it('says when there is nothing it can repair', async () => {
    await sb.config('[profile dev]\nregion = eu-west-1\n');
    const r = await sb.command({ fix: true });
    expect(r.err).toBe('nothing to fix\n');
  });
});

describe('daemon', () => {
  it('daemon-not-running is a warning when awsid profiles exist, ok when none do', async () => {
    const bin = await sb.executable('bin/awsid');
    await sb.config(HEALTHY_CONFIG(bin));
    expect(only(await sb.results(), 'daemon-not-running')).toMatchObject([
      { status: 'warn', fix: 'awsid daemon start' },
    ]);
    await sb.config('[profile dev]\nregion = eu-west-1\n');
    expect(only(await sb.results(), 'daemon-not-running')).toMatchObject([{ status: 'ok' }]);
  });
});

describe('--fix with a fix that fails', () => {
  const finding = (id: string, run: () => Promise<void>): Check<CheckContext> => ({
    id,
    run: () =>
      Promise.resolve([
        {
          id,
          status: 'warn',
          subject: id,
          message: `${id} is off`,
          fix: `fix ${id}`,
          repair: { describe: `repair ${id}`, run },
        },
      ]),
  });

  it('runs every other fix, says which failed and why in one line, and exits 1', async () => {
    const done: string[] = [];
    const output = { out: '', err: '' };
    const code = await runDoctor(
      sb.context(),
      {
        json: false,
        fix: true,
        color: false,
        repairTimeoutMs: 200,
        checks: [
          finding('first', () => Promise.resolve(void done.push('first'))),
          finding('throws-error', () =>
            Promise.reject(new Error('EACCES: permission denied\n    at chmod (node:fs)')),
          ),
          // Not an Error at all: still one line, and the fixes after it still run.
          finding('throws-string', () => {
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a careless fix may do
            throw '\u001b[2Jboom';
          }),
          finding('hangs', () => new Promise<void>(() => {})),
          finding('last', () => Promise.resolve(void done.push('last'))),
        ],
      },
      { out: (t) => (output.out += t), err: (t) => (output.err += t) },
    );
    expect(done).toEqual(['first', 'last']);
    expect(output.err.split('\n')).toEqual([
      'fixed (first): repair first',
      'could not fix (throws-error): repair throws-error: EACCES: permission denied',
      'could not fix (throws-string): repair throws-string: \\u{1b}[2Jboom',
      'could not fix (hangs): repair hangs: did not finish within 0.2 s',
      'fixed (last): repair last',
      'checking again...',
      '',
    ]);
    // Every finding was only a warning: the failed fixes alone make the exit code.
    expect(code).toBe(1);
  });

  it('exits 1 when the only fix failed, without claiming there was nothing to fix', async () => {
    const output = { out: '', err: '' };
    const code = await runDoctor(
      sb.context(),
      {
        json: true,
        fix: true,
        color: false,
        checks: [finding('only', () => Promise.reject(new Error('read-only file system')))],
      },
      { out: (t) => (output.out += t), err: (t) => (output.err += t) },
    );
    expect(output.err).toBe('could not fix (only): repair only: read-only file system\n');
    expect(JSON.parse(output.out)).toMatchObject({ checks: [{ id: 'only', status: 'warn' }] });
    expect(code).toBe(1);
  });
});

it('a chmod fix over several files tightens the others when one of them fails', async () => {
  await sb.config('[profile dev]\nregion = eu-west-1\n');
  const a = await sb.cliCache('a', cliTokenBody(), 0o644);
  const b = await sb.cliCache('b', cliTokenBody(), 0o644);
  const [perm] = only(await sb.results(), 'file-permissions').filter((r) => r.repair);
  expect(perm?.repair?.describe).toMatch(/^chmod 600 \S+ \S+$/);
  // The file named first disappears between the check and the fix.
  const at = (f: string) => perm!.repair!.describe.indexOf(basename(f));
  const [first, second] = [a, b].sort((x, y) => at(x) - at(y));
  await rm(first!);
  await expect(perm!.repair!.run()).rejects.toThrow(/ENOENT/);
  expect((await stat(second!)).mode & 0o777).toBe(0o600);
});

const asRoot = process.getuid?.() === 0;

describe.skipIf(!asRoot)('--fix run as root with a user’s HOME', () => {
  const NOBODY = 65534;

  it('never follows the user’s symlink to a file of another owner (root’s), and says who owns what', async () => {
    // `sudo -E awsid doctor --fix`: the home is the user's, the link in it points at root's file.
    const victim = join(sb.root, 'root-file');
    await writeFile(victim, 'root secret\n');
    await chmod(victim, 0o644);
    for (const d of [sb.home, join(sb.home, '.aws')]) await chown(d, NOBODY, NOBODY);
    await symlink(victim, sb.paths.awsConfigFile);
    await lchown(sb.paths.awsConfigFile, NOBODY, NOBODY);
    const cache = await sb.cliCache('corp', '{}', 0o644);
    await chown(cache, NOBODY, NOBODY);
    const r = await sb.command({ fix: true });
    expect((await stat(victim)).mode & 0o777).toBe(0o644);
    expect((await lstat(sb.paths.awsConfigFile)).isSymbolicLink()).toBe(true);
    expect((await stat(cache)).mode & 0o777).toBe(0o644);
    expect(r.err).not.toContain('fixed (file-permissions)');
    expect(r.out).toMatch(
      /FAIL file-permissions: ~\/\.aws\/config and \S+ are owned by another user \(uid 65534\)/,
    );
    expect(r.out).toContain('fix: sudo chown -h "$(id -un)" ~/.aws/config ');
  });

  it('refuses a file that became someone else’s between the check and the fix, naming the owner', async () => {
    const file = await sb.config('[default]\nregion = eu-west-1\n', 0o644);
    const results = only(await sb.results(), 'file-permissions');
    const repair = results.find((x) => x.repair)?.repair;
    expect(repair?.describe).toBe('chmod 600 ~/.aws/config');
    await chown(file, NOBODY, NOBODY);
    await expect(repair!.run()).rejects.toThrow(
      `${file} belongs to uid ${NOBODY}, not to you; not changed`,
    );
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });
});
