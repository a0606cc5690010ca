/**
 * A config file, ~/.aws or state directory this user may not use (left owned by root by `sudo aws
 * configure` or a root-run awsid) is one line naming the path that refuses and the chown/chmod that
 * fixes it, exit 4, never "internal error"; and that fix works. Root ignores file modes, so as root
 * (CI) the built CLI runs as `nobody` (setpriv) in a home owned by nobody with root-owned parts;
 * otherwise as this user against parts it has chmodded shut.
 */
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { binForNobody, isRoot, NOBODY, runAsUser } from '../helpers/as-nobody.js';
import { awsidBin, type CliResult } from '../helpers/cli.js';
import { CORP_CONFIG } from '../helpers/corp.js';

const me = isRoot ? 'nobody' : userInfo().username;

describe('permission errors', () => {
  let root: string;
  let home: string;
  let cli: { bin: string; copy?: string } = { bin: awsidBin };

  beforeAll(async () => {
    if (isRoot) cli = await binForNobody();
  });
  afterAll(async () => {
    if (cli.copy) await rm(cli.copy, { recursive: true, force: true });
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'awsid-perm-'));
    await chmod(root, 0o755);
    home = join(root, 'home');
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(join(home, '.aws', 'config'), CORP_CONFIG);
    if (isRoot) await chown(home, NOBODY, NOBODY);
  });
  afterEach(async () => {
    await chmod(join(home, '.aws'), 0o755).catch(() => {});
    await rm(root, { recursive: true, force: true });
  });

  /** Shuts `path` for the user the CLI runs as: root-owned as root, mode 0 bits otherwise. */
  async function shut(path: string, rootMode: number, ownMode: number): Promise<void> {
    if (isRoot) await chmod(path, rootMode);
    else await chmod(path, ownMode);
  }

  function run(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    return runAsUser(cli.bin, args, { HOME: home, ...extra }, root);
  }

  const owner = isRoot ? 'root' : me;
  const setup = [
    'setup',
    '--sso-session',
    'corp',
    '--start-url',
    'https://d-fake000001.awsapps.com/start',
    '--region',
    'eu-west-1',
    '--no-login',
  ];

  it('~/.aws that is not ours: the directory, its owner and the fix; the fix works', async () => {
    const aws = join(home, '.aws');
    await shut(aws, 0o755, 0o555);
    const r = await run(setup, { AWSID_SECRET_STORE: 'memory' });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      `awsid: cannot use ${aws}/config.awsid.lock: permission denied on ${aws} (owned by ${owner}, mode ${isRoot ? '0755' : '0555'})\n` +
        `  run: ${isRoot ? `sudo chown -R nobody ${aws}` : `chmod u+rwx ${aws}`}\n`,
    );
    // What the printed fix does.
    if (isRoot) for (const p of [aws, join(aws, 'config')]) await chown(p, NOBODY, NOBODY);
    else await chmod(aws, 0o755);
    const fixed = await run(setup, { AWSID_SECRET_STORE: 'memory' });
    expect(fixed.stderr).toContain('Wrote [sso-session corp]');
    expect(fixed.code).toBe(0);
  });

  it('an unreadable config file: one line from credential-process, two from the others', async () => {
    const config = join(home, '.aws', 'config');
    await shut(config, 0o600, 0o000);
    const mode = isRoot ? '0600' : '0000';
    const fix = isRoot ? `sudo chown nobody ${config}` : `chmod u+rw ${config}`;
    const cp = await run(['credential-process', '--profile', 'dev'], {
      AWSID_SECRET_STORE: 'memory',
    });
    expect(cp.code).toBe(4);
    expect(cp.stderr).toBe(
      `awsid: permission denied on ${config} (owned by ${owner}, mode ${mode}); run: ${fix}\n`,
    );
    const exec = await run(['exec', '--profile', 'dev', '--', 'true'], {
      AWSID_SECRET_STORE: 'memory',
    });
    expect(exec.code).toBe(4);
    expect(exec.stderr).toBe(
      `awsid: permission denied on ${config} (owned by ${owner}, mode ${mode})\n  run: ${fix}\n`,
    );
  });

  it('a state directory that is not ours: named with its fix', async () => {
    const state = join(home, '.local', 'state');
    await mkdir(state, { recursive: true, mode: 0o755 });
    if (isRoot) await chown(join(home, '.local'), NOBODY, NOBODY);
    await shut(state, 0o700, 0o000);
    const r = await run(['status'], {
      AWSID_SECRET_STORE: 'passphrase',
      AWSID_PASSPHRASE: 'permission-test',
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`permission denied on ${state} (owned by ${owner}`);
    expect(r.stderr).toContain(
      `  run: ${isRoot ? `sudo chown -R nobody ${state}` : `chmod u+rwx ${state}`}\n`,
    );
    expect(r.stderr).not.toContain('internal error');
    await chmod(state, 0o755);
  });
});
